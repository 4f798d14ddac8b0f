import assert from "node:assert/strict";
import { isConnectionError, redactUrl } from "./client.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

Deno.test("isConnectionError: outages (sockets, class 08, shutdown 57P01-03) but not bad data or bad SQL", () => {
  for (
    const code of [
      "ECONNREFUSED",
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "08006",
      "08001",
      "57P01",
      "57P03",
    ]
  ) {
    assert.equal(isConnectionError(withCode(code)), true, code);
  }
  for (const code of ["22021", "23505", "42P01", "57014", "XX000"]) {
    assert.equal(isConnectionError(withCode(code)), false, code);
  }
  assert.equal(isConnectionError(new Error("no code")), false);
  assert.equal(isConnectionError(undefined), false);
});

Deno.test("redactUrl: hides the password and keeps the rest", () => {
  assert.equal(redactUrl("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
  assert.equal(redactUrl("postgres://u@h/db"), "postgres://u@h/db");
});
