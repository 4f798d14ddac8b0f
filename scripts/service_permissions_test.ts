import assert from "node:assert/strict";
import { allowEnvFor, DOCKER_EXTRA_HOSTS, SERVICES, withNetHost } from "./service_permissions.ts";

const denoJson = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
const commandOf = (task: string): string => {
  const entry = denoJson.tasks[task];
  return typeof entry === "string" ? entry : entry?.command ?? "";
};

for (const service of Object.keys(SERVICES)) {
  Deno.test(`deno.json: the ${service}:docker task has the same env list, container hosts and no .env`, () => {
    const command = commandOf(`${service}:docker`);
    assert.deepEqual(
      /--allow-env=(\S+)/.exec(command)?.[1]?.split(",").sort(),
      allowEnvFor(service),
    );
    const extra = DOCKER_EXTRA_HOSTS[service] ? `,${DOCKER_EXTRA_HOSTS[service]}` : "";
    assert.match(
      command,
      new RegExp(`--allow-net=(kafka:9092,)?(postgres:5432,)?0\\.0\\.0\\.0:\\d+${extra}(\\s|$)`),
    );
    assert.doesNotMatch(command, /--env-file|(^|\s)-A(\s|$)|--allow-all/);
  });

  Deno.test(`deno.json: the ${service} task may read exactly the settings its config and drivers read`, () => {
    const command = commandOf(service);
    const match = /--allow-env=(\S+)/.exec(command);
    assert.ok(match, `${service} task has no narrow --allow-env list: ${command}`);
    assert.deepEqual(match[1]!.split(",").sort(), allowEnvFor(service));
  });

  Deno.test(`deno.json: the ${service} task runs with narrow permissions (no -A, net on loopback only)`, () => {
    const command = commandOf(service);
    assert.doesNotMatch(command, /(^|\s)(-A|--allow-all)(\s|$)/);
    assert.match(command, /--allow-net=127\.0\.0\.1,localhost(\s|$)/);
    assert.doesNotMatch(command, /--allow-(run|write|ffi)/);
  });
}

for (const service of Object.keys(SERVICES)) {
  Deno.test(`deno.json: the ${service} task and its :docker twin run with the same V8 flags`, () => {
    const v8Flags = (task: string) =>
      commandOf(task).split(/\s+/).filter((w) => w.startsWith("--v8-flags="));
    assert.deepEqual(v8Flags(`${service}:docker`), v8Flags(service));
    // Heap settings only (docs/performance.md): no hard old-space cap, which would turn a
    // larger working set into an out-of-memory crash instead of more garbage collection.
    for (const flag of v8Flags(service)) {
      assert.doesNotMatch(flag, /max-old-space-size|max-heap-size/);
    }
  });
}

Deno.test("withNetHost: adds the webhook's host to --allow-net and leaves every other flag", () => {
  assert.deepEqual(
    withNetHost(
      ["run", "--allow-env=A,B", "--allow-net=127.0.0.1,localhost", "services/notifier/main.ts"],
      "hooks.example.com:443",
    ),
    [
      "run",
      "--allow-env=A,B",
      "--allow-net=127.0.0.1,localhost,hooks.example.com:443",
      "services/notifier/main.ts",
    ],
  );
});
