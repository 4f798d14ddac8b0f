/**
 * Counts a `deno test --junit-path` report. Every `<testcase>` counts, test steps included
 * (they are real assertions); one with `<failure` or `<error` failed, one with `<skipped`
 * was ignored, every other passed.
 */
export function parseJunit(xml: string): { passed: number; failed: number; skipped: number } {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  for (const testcase of cases) {
    if (/<(failure|error)\b/.test(testcase)) counts.failed++;
    else if (/<skipped\b/.test(testcase)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}
