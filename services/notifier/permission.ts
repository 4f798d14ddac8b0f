/**
 * The start-up check that this process may reach the webhook's host. The notifier's task
 * allows loopback only (`--allow-net=127.0.0.1,localhost`): the webhook host is known only
 * at run time, so another host is added to the command by whoever runs it (README.md).
 */
import { HeartbeatError } from "../../shared/errors/mod.ts";

/** Why the notifier cannot start. */
export type NotifierErrorCode = "WEBHOOK_NOT_ALLOWED";

/** A setup problem of the notifier, with what to do in the message. */
export class NotifierError extends HeartbeatError<NotifierErrorCode> {}

/**
 * Fails with `WEBHOOK_NOT_ALLOWED` unless this process may connect to the webhook's host
 * (`--allow-net`). Checked at start: a refused connection would otherwise look like an
 * outage and be retried forever. `query` is Deno.permissions.query (a fake in tests).
 */
export async function checkWebhookAllowed(
  webhook: { readonly target: string; readonly netHost: string },
  query: (descriptor: Deno.NetPermissionDescriptor) => Promise<Deno.PermissionStatus> = (d) =>
    Deno.permissions.query(d),
): Promise<void> {
  const status = await query({ name: "net", host: webhook.netHost });
  if (status.state === "granted") return;
  throw new NotifierError(
    "WEBHOOK_NOT_ALLOWED",
    `Cannot POST to ALERT_WEBHOOK_URL (${webhook.target}/…) as this process may not connect to ` +
      `${webhook.netHost}: \`deno task notifier\` allows loopback only. Run it with ` +
      `--allow-net=127.0.0.1,localhost,${webhook.netHost} instead, the task's other flags ` +
      "unchanged; `deno run --allow-env=NODE_ENV --allow-read=. scripts/service_permissions.ts " +
      'notifier --webhook "$ALERT_WEBHOOK_URL"` prints that command (services/notifier/README.md).',
  );
}
