/**
 * `POST /api/alerts/{alert_id}/ack`: a person acknowledges an alert. The body is JSON,
 *
 * ```json
 * {"by": "dr. ada", "note": "called the patient, fine"}
 * ```
 *
 * with `Content-Type: application/json` (anything else is 415: a cross-site form cannot
 * send that type without a CORS preflight, which this server never grants, so a page
 * elsewhere cannot acknowledge on a visitor's behalf). Answers 200 with the alert, 404 when
 * no alert has the id, 409 when it was acknowledged already (the first acknowledgement
 * stands: who took note first is what matters, and a silent overwrite would hide it).
 */
import { z } from "zod";
import type { Acknowledgement, AlertRecord } from "./alert_queries.ts";
import { API_HEADERS, DashboardError, type ParamProblem } from "./http_error.ts";
import { parseAlertId } from "./params.ts";
import type { DashboardSources } from "./sources.ts";

/** Largest body accepted, in bytes (a name and a note fit many times over). */
export const ACK_BODY_MAX_BYTES = 8192;

/**
 * Whether `text` holds a control character (C0 or DEL) other than those in `allowed`:
 * they would reach PostgreSQL (which refuses U+0000 in text) and the page.
 */
function hasControls(text: string, allowed = ""): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !allowed.includes(text[i]!)) return true;
  }
  return false;
}

/** The body of an acknowledgement. */
export const AckBody = z.strictObject({
  by: z.string({ error: "expected a string: who acknowledges" }).trim()
    .min(1, "expected who acknowledges (1-100 characters)")
    .max(100, "expected at most 100 characters")
    .refine((by) => !hasControls(by), "expected no control characters"),
  note: z.string({ error: "expected a string" }).trim()
    .max(1000, "expected at most 1000 characters")
    // A note may span lines.
    .refine(
      (note) => !hasControls(note, "\n\r\t"),
      "expected no control characters but line breaks",
    )
    .optional(),
});

/** Handles the POST (the app checked the method and the token); see the module doc. */
export async function handleAck(
  request: Request,
  alertIdSegment: string,
  sources: DashboardSources,
): Promise<Response> {
  const alertId = parseAlertId(alertIdSegment);
  const ack = parseAckBody(await readJsonBody(request, ACK_BODY_MAX_BYTES));
  const result = await sources.acknowledgeAlert(alertId, ack);
  switch (result.outcome) {
    case "acknowledged":
      return Response.json({ alert: result.alert }, { headers: API_HEADERS });
    case "already_acknowledged":
      throw new DashboardError(
        "CONFLICT",
        `Alert ${alertId} was acknowledged already, by ${JSON.stringify(byOf(result.alert))} ` +
          `at ${result.alert.acknowledgedAt?.toISOString()}: the first acknowledgement stands.`,
      );
    case "not_found":
      throw new DashboardError(
        "NOT_FOUND",
        `No alert ${alertId}: check the id (list alerts with /api/alerts?status=all).`,
      );
  }
}

/** The body as JSON, at most `maxBytes`; INVALID_BODY or UNSUPPORTED_MEDIA_TYPE otherwise. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    await request.body?.cancel();
    throw new DashboardError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type ${JSON.stringify(type)} is not accepted: send a JSON body with ` +
        "`Content-Type: application/json`.",
    );
  }
  const bytes = await readAtMost(request, maxBytes);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DashboardError("INVALID_BODY", "The body is not valid UTF-8: send JSON text.");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DashboardError(
      "INVALID_BODY",
      `The body is not valid JSON (${(error as Error).message.slice(0, 100)}): send ` +
        '{"by": "<who>", "note": "<optional>"}.',
    );
  }
}

/**
 * Parses an acknowledgement body (both fields trimmed, an empty note left out);
 * INVALID_BODY naming each bad field.
 */
export function parseAckBody(body: unknown): Acknowledgement {
  const parsed = AckBody.safeParse(body);
  if (parsed.success) {
    const { by, note } = parsed.data;
    return note ? { by, note } : { by };
  }
  const problems: ParamProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ param: key, message: "unknown field (expected by, note)" });
      }
    } else if (issue.path.length === 0) {
      problems.push({ param: "body", message: 'expected a JSON object {"by": …, "note": …}' });
    } else {
      problems.push({ param: String(issue.path[0]), message: issue.message });
    }
  }
  throw new DashboardError(
    "INVALID_BODY",
    `Invalid body: ${problems.map((p) => `${p.param}: ${p.message}`).join("; ")}`,
    { details: problems },
  );
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  const reader = request.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new DashboardError(
        "INVALID_BODY",
        `The body is larger than ${maxBytes} bytes: send only {"by": …, "note": …}.`,
      );
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function byOf(alert: AlertRecord): string {
  return alert.acknowledgedBy ?? "";
}
