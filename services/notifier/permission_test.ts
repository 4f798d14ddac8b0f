import assert from "node:assert/strict";
import { checkWebhookAllowed, NotifierError } from "./permission.ts";

Deno.test("checkWebhookAllowed: a host outside --allow-net fails at start, naming the flag to add", async () => {
  const asked: string[] = [];
  const query = (state: Deno.PermissionState) => (descriptor: Deno.NetPermissionDescriptor) => {
    asked.push(descriptor.host ?? "");
    return Promise.resolve({ state } as Deno.PermissionStatus);
  };
  const webhook = { target: "https://hooks.example.com", netHost: "hooks.example.com:443" };
  await checkWebhookAllowed(webhook, query("granted"));
  await assert.rejects(
    () => checkWebhookAllowed(webhook, query("prompt")),
    (error) =>
      error instanceof NotifierError && error.code === "WEBHOOK_NOT_ALLOWED" &&
      error.message.includes("--allow-net=127.0.0.1,localhost,hooks.example.com:443"),
  );
  assert.deepEqual(asked, ["hooks.example.com:443", "hooks.example.com:443"]);
});
