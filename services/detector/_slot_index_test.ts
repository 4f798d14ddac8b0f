import assert from "node:assert/strict";
import fc from "fast-check";
import { createSlotIndex } from "./_slot_index.ts";

Deno.test("slot index: finds what was added, forgets what was deleted", () => {
  const index = createSlotIndex();
  assert.equal(index.get("a"), -1);
  index.add("a", 0);
  index.add("b", 7);
  assert.equal(index.get("a"), 0);
  assert.equal(index.get("b"), 7);
  assert.equal(index.idAt(7), "b");
  assert.equal(index.idAt(3), undefined);
  assert.equal(index.size, 2);
  assert.equal(index.delete("a"), 0);
  assert.equal(index.delete("a"), -1);
  assert.equal(index.get("a"), -1);
  assert.equal(index.idAt(0), undefined);
  assert.equal(index.get("b"), 7);
  index.clear();
  assert.equal(index.size, 0);
  assert.equal(index.get("b"), -1);
  assert.equal(index.idAt(7), undefined);
});

Deno.test("slot index: an id held twice, or a slot taken, is refused", () => {
  const index = createSlotIndex();
  index.add("a", 0);
  assert.throws(() => index.add("a", 1), /Cannot index a at slot 1: it is at 0/);
  assert.throws(() => index.add("b", 0), /Cannot index b at slot 0: it holds a/);
  assert.throws(() => index.add("b", -1), /expected an integer/);
});

Deno.test("slot index: behaves as a Map through growth and deletions", () => {
  // Keys from a small space so adds, deletes and re-adds of the same id mix, and thousands
  // of them so the table grows and deletions shift long probe runs.
  const op = fc.record({ add: fc.boolean(), key: fc.integer({ min: 0, max: 5000 }) });
  fc.assert(
    fc.property(fc.array(op, { minLength: 3000, maxLength: 8000 }), (ops) => {
      const index = createSlotIndex();
      const model = new Map<string, number>();
      const free: number[] = [];
      let used = 0;
      for (const { add, key } of ops) {
        const id = `cust-${key}`;
        if (add && !model.has(id)) {
          const slot = free.pop() ?? used++;
          index.add(id, slot);
          model.set(id, slot);
        } else if (!add) {
          assert.equal(index.delete(id), model.get(id) ?? -1);
          if (model.has(id)) free.push(model.get(id)!);
          model.delete(id);
        }
      }
      assert.equal(index.size, model.size);
      for (let key = 0; key <= 5000; key++) {
        const id = `cust-${key}`;
        assert.equal(index.get(id), model.get(id) ?? -1, id);
        if (model.has(id)) assert.equal(index.idAt(model.get(id)!), id);
      }
    }),
    { numRuns: 40 },
  );
});
