;; The kernel behind src/retrieval/bm25-walk.ts: BM25's unfiltered walk over a block of
;; slots, and the block's scores handed out and zeroed. Compiled to bm25-walk-wasm.ts by
;;   npx -p wabt@1.0.39 wat2wasm src/retrieval/bm25-walk.wat -o /tmp/bm25-walk.wasm
;; then base64 -w0 /tmp/bm25-walk.wasm into that file (test/retrieval-bm25-blocks.test.ts
;; checks searches against a brute force written in the test, to the bit).
;;
;; Scores are the same numbers bm25.ts's plain walk computes: (w × tf × (k1 + 1)) / (tf + norm)
;; in f64, evaluated left to right, added to the slot's score in the order the terms are
;; walked (WebAssembly's f64 arithmetic is IEEE 754's, never fused).
(module
  (memory (export "memory") 1)

  ;; Walks one term's postings from index $i while their slot is below $hi: slots (i32) at
  ;; $slots, counts (u16) at $tfs, $n postings; per slot its norm (f64, negative: removed)
  ;; at $norms and its score (f64) at $acc. Returns the index of the first posting not walked.
  (func (export "walk")
    (param $slots i32) (param $tfs i32) (param $i i32) (param $n i32) (param $hi i32)
    (param $w f64) (param $k1p1 f64) (param $norms i32) (param $acc i32)
    (result i32)
    (local $slot i32) (local $norm f64) (local $tf f64) (local $at i32)
    (block $done
      (loop $postings
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $slot (i32.load (i32.add (local.get $slots) (i32.shl (local.get $i) (i32.const 2)))))
        (br_if $done (i32.ge_u (local.get $slot) (local.get $hi)))
        (local.set $norm (f64.load (i32.add (local.get $norms) (i32.shl (local.get $slot) (i32.const 3)))))
        (if (i32.eqz (f64.lt (local.get $norm) (f64.const 0)))
          (then
            (local.set $tf (f64.convert_i32_u
              (i32.load16_u (i32.add (local.get $tfs) (i32.shl (local.get $i) (i32.const 1))))))
            (local.set $at (i32.add (local.get $acc) (i32.shl (local.get $slot) (i32.const 3))))
            (f64.store (local.get $at)
              (f64.add (f64.load (local.get $at))
                (f64.div
                  (f64.mul (f64.mul (local.get $w) (local.get $tf)) (local.get $k1p1))
                  (f64.add (local.get $tf) (local.get $norm)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $postings)))
    (local.get $i))

  ;; Slots [$lo, $hi): each non-zero score is zeroed and, when $all is set or it is at
  ;; least $theta, written out (slot i32 at $outSlots, score f64 at $outScores).
  ;; Returns the count written.
  (func (export "emit")
    (param $acc i32) (param $lo i32) (param $hi i32) (param $theta f64) (param $all i32)
    (param $outSlots i32) (param $outScores i32)
    (result i32)
    (local $slot i32) (local $at i32) (local $v f64) (local $count i32)
    (local.set $slot (local.get $lo))
    (block $done
      (loop $slots
        (br_if $done (i32.ge_u (local.get $slot) (local.get $hi)))
        (local.set $at (i32.add (local.get $acc) (i32.shl (local.get $slot) (i32.const 3))))
        (local.set $v (f64.load (local.get $at)))
        (if (f64.ne (local.get $v) (f64.const 0))
          (then
            (f64.store (local.get $at) (f64.const 0))
            (if (i32.or (local.get $all) (f64.ge (local.get $v) (local.get $theta)))
              (then
                (i32.store (i32.add (local.get $outSlots) (i32.shl (local.get $count) (i32.const 2))) (local.get $slot))
                (f64.store (i32.add (local.get $outScores) (i32.shl (local.get $count) (i32.const 3))) (local.get $v))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
        (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
        (br $slots)))
    (local.get $count)))
