import assert from "node:assert/strict";
import { parseJunit } from "./test_report.ts";

const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="deno test" tests="6" failures="1" errors="0" time="0.007">
    <testsuite name="./a_test.ts" tests="6" disabled="1" errors="0" failures="1">
        <testcase name="a: ok" classname="./a_test.ts" time="0.000" line="1" col="6">
        </testcase>
        <testcase name="b: fails" classname="./a_test.ts" time="0.000" line="2" col="6">
            <failure message="Uncaught Error: x">Error: x</failure>
        </testcase>
        <testcase name="c: ignored" classname="./a_test.ts" time="0.000" line="3" col="6">
            <skipped/>
        </testcase>
        <testcase name="d: steps" classname="./a_test.ts" time="0.001" line="4" col="6">
        </testcase>
        <testcase name="d: steps &gt; s1" classname="./a_test.ts" time="0.000" line="4" col="46">
        </testcase>
        <testcase name="e: self-closing" classname="./a_test.ts" time="0.000" line="9" col="6"/>
    </testsuite>
</testsuites>`;

Deno.test("parseJunit: counts passed, failed and skipped test cases, steps included", () => {
  assert.deepEqual(parseJunit(REPORT), { passed: 4, failed: 1, skipped: 1 });
});

Deno.test("parseJunit: an empty report counts nothing", () => {
  assert.deepEqual(parseJunit("<testsuites></testsuites>"), { passed: 0, failed: 0, skipped: 0 });
});
