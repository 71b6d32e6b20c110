;; The scan behind src/retrieval/sparse-scan.ts: scores int8-quantised vectors against a
;; sparse int16 query, touching only the query's non-zero dimensions, and emits every row
;; whose upper bound reaches a threshold. Compiled to sparse-scan-wasm.ts by
;;   npx -p wabt@1.0.39 wat2wasm src/retrieval/sparse-scan.wat -o /tmp/sparse-scan.wasm
;; then base64 -w0 /tmp/sparse-scan.wasm into that file (test/retrieval-flat.test.ts checks
;; the kernel's sums against sums it works out itself).
;;
;; One call scans tiles [first, last) of one segment (sparse-scan.ts). A tile is 256 rows:
;; dimension d's 256 int8 values of tile t at values + (d's offset) + t × 256, each
;; dimension's tiles one after another (the scan is bound by memory, so it reads only the
;; query's dimensions, each in order); its 256 f32 row scales at scales + t × 1024 and its
;; 256 u8 row groups (0: no row) at groups + t × 256. Scales and groups are kept in the
;; order the sums come out: within each 8 rows, the even rows then the odd
;; (i32x4.dot_i16x8_s against (w, 0, w, 0 …) sums the even rows, (0, w …) the odd).
;; The query is one i32 pair per non-zero dimension: (d's offset, weight), weights in
;; [-32767, 32767], so a row's sum of weight × value stays within i32 (256 × 32767 × 127 < 2^31).
;; A row is emitted when lo <= group <= hi and scale × (t × sum + b) >= theta, as the pair
;; (t × 256 + row in tile, sum) at out; the count emitted is returned (out must hold 256 per tile scanned).
(module
  (memory (export "memory") 1)
  (func (export "scan")
    (param $values i32) (param $scales i32) (param $groups i32)
    (param $first i32) (param $last i32)
    (param $q i32) (param $nnz i32)
    (param $t f32) (param $b f32) (param $theta f32)
    (param $lo i32) (param $hi i32)
    (param $out i32) (param $scratch i32)
    (result i32)
    (local $tile i32) (local $tileAt i32) (local $half i32) (local $p i32) (local $qi i32) (local $qend i32)
    (local $w v128) (local $wo v128) (local $v v128) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $g i32) (local $acc v128) (local $u v128) (local $mask v128) (local $codes v128)
    (local $row i32) (local $real i32) (local $count i32) (local $next i32) (local $touch i32)
    (local $tv v128) (local $bv v128) (local $thv v128) (local $lov v128) (local $hiv v128)
    (local.set $tv (f32x4.splat (local.get $t)))
    (local.set $bv (f32x4.splat (local.get $b)))
    (local.set $thv (f32x4.splat (local.get $theta)))
    (local.set $lov (i32x4.splat (local.get $lo)))
    (local.set $hiv (i32x4.splat (local.get $hi)))
    (local.set $qend (i32.add (local.get $q) (i32.shl (local.get $nnz) (i32.const 3))))
    (local.set $tile (local.get $first))
    (block $tilesDone
      (loop $tiles
        (br_if $tilesDone (i32.ge_u (local.get $tile) (local.get $last)))
        (local.set $tileAt (i32.add (local.get $values) (i32.shl (local.get $tile) (i32.const 8))))
        ;; The next tile's lines of the query's dimensions are read now, a byte each, so the
        ;; memory fetches them while this tile is summed (WebAssembly has no prefetch).
        (if (i32.and (i32.lt_u (i32.add (local.get $tile) (i32.const 1)) (local.get $last))
              (i32.gt_u (local.get $nnz) (i32.const 0)))
          (then
            (local.set $qi (local.get $q))
            (loop $ahead
              (local.set $next (i32.add (i32.add (local.get $tileAt) (i32.const 256)) (i32.load (local.get $qi))))
              (local.set $touch (i32.xor (local.get $touch)
                (i32.xor (i32.xor (i32.load8_u (local.get $next)) (i32.load8_u offset=64 (local.get $next)))
                  (i32.xor (i32.load8_u offset=128 (local.get $next)) (i32.load8_u offset=192 (local.get $next))))))
              (local.set $qi (i32.add (local.get $qi) (i32.const 8)))
              (br_if $ahead (i32.lt_u (local.get $qi) (local.get $qend))))))
        (local.set $half (i32.const 0))
        (loop $halves
          ;; 32 rows at a time: eight i32x4 sums stay in registers across the dimensions.
          (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $a4 (v128.const i32x4 0 0 0 0)) (local.set $a5 (v128.const i32x4 0 0 0 0))
          (local.set $a6 (v128.const i32x4 0 0 0 0)) (local.set $a7 (v128.const i32x4 0 0 0 0))
          (local.set $qi (local.get $q))
          (block $dimsDone
            (loop $dims
              (br_if $dimsDone (i32.ge_u (local.get $qi) (local.get $qend)))
              (local.set $p (i32.add (i32.add (local.get $tileAt) (i32.load (local.get $qi))) (local.get $half)))
              (local.set $w (i32x4.splat (i32.and (i32.load offset=4 (local.get $qi)) (i32.const 0xffff))))
              (local.set $wo (i32x4.splat (i32.shl (i32.load offset=4 (local.get $qi)) (i32.const 16))))
              (local.set $v (v128.load (local.get $p)))
              (local.set $x (i16x8.extend_low_i8x16_s (local.get $v)))
              (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $x) (local.get $w))))
              (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $x) (local.get $wo))))
              (local.set $x (i16x8.extend_high_i8x16_s (local.get $v)))
              (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $x) (local.get $w))))
              (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $x) (local.get $wo))))
              (local.set $v (v128.load offset=16 (local.get $p)))
              (local.set $x (i16x8.extend_low_i8x16_s (local.get $v)))
              (local.set $a4 (i32x4.add (local.get $a4) (i32x4.dot_i16x8_s (local.get $x) (local.get $w))))
              (local.set $a5 (i32x4.add (local.get $a5) (i32x4.dot_i16x8_s (local.get $x) (local.get $wo))))
              (local.set $x (i16x8.extend_high_i8x16_s (local.get $v)))
              (local.set $a6 (i32x4.add (local.get $a6) (i32x4.dot_i16x8_s (local.get $x) (local.get $w))))
              (local.set $a7 (i32x4.add (local.get $a7) (i32x4.dot_i16x8_s (local.get $x) (local.get $wo))))
              (local.set $qi (i32.add (local.get $qi) (i32.const 8)))
              (br $dims)))
          (v128.store offset=0 (local.get $scratch) (local.get $a0))
          (v128.store offset=16 (local.get $scratch) (local.get $a1))
          (v128.store offset=32 (local.get $scratch) (local.get $a2))
          (v128.store offset=48 (local.get $scratch) (local.get $a3))
          (v128.store offset=64 (local.get $scratch) (local.get $a4))
          (v128.store offset=80 (local.get $scratch) (local.get $a5))
          (v128.store offset=96 (local.get $scratch) (local.get $a6))
          (v128.store offset=112 (local.get $scratch) (local.get $a7))
          ;; Four rows at a time: bound, group, threshold; a row passing all three is written out.
          (local.set $g (i32.const 0))
          (loop $groups
            ;; Sums, scales and groups at half + 4g: rows half + 8(g >> 1) + (g & 1), then every other row.
            (local.set $row (i32.add (local.get $half) (i32.shl (local.get $g) (i32.const 2))))
            (local.set $real (i32.add (i32.add (local.get $half) (i32.shl (i32.shr_u (local.get $g) (i32.const 1)) (i32.const 3)))
              (i32.and (local.get $g) (i32.const 1))))
            (local.set $acc (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $g) (i32.const 4)))))
            (local.set $u
              (f32x4.mul
                (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $acc)) (local.get $tv)) (local.get $bv))
                (v128.load (i32.add (i32.add (local.get $scales) (i32.shl (local.get $tile) (i32.const 10)))
                  (i32.shl (local.get $row) (i32.const 2))))))
            (local.set $codes
              (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u
                (v128.load32_zero (i32.add (i32.add (local.get $groups) (i32.shl (local.get $tile) (i32.const 8)))
                  (local.get $row))))))
            (local.set $mask
              (v128.and
                (f32x4.ge (local.get $u) (local.get $thv))
                (v128.and (i32x4.ge_u (local.get $codes) (local.get $lov)) (i32x4.le_u (local.get $codes) (local.get $hiv)))))
            (if (v128.any_true (local.get $mask))
              (then
                (if (i32x4.extract_lane 0 (local.get $mask))
                  (then
                    (i32.store (local.get $out) (i32.add (i32.shl (local.get $tile) (i32.const 8)) (local.get $real)))
                    (i32.store offset=4 (local.get $out) (i32x4.extract_lane 0 (local.get $acc)))
                    (local.set $out (i32.add (local.get $out) (i32.const 8)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (if (i32x4.extract_lane 1 (local.get $mask))
                  (then
                    (i32.store (local.get $out) (i32.add (i32.shl (local.get $tile) (i32.const 8)) (i32.add (local.get $real) (i32.const 2))))
                    (i32.store offset=4 (local.get $out) (i32x4.extract_lane 1 (local.get $acc)))
                    (local.set $out (i32.add (local.get $out) (i32.const 8)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (if (i32x4.extract_lane 2 (local.get $mask))
                  (then
                    (i32.store (local.get $out) (i32.add (i32.shl (local.get $tile) (i32.const 8)) (i32.add (local.get $real) (i32.const 4))))
                    (i32.store offset=4 (local.get $out) (i32x4.extract_lane 2 (local.get $acc)))
                    (local.set $out (i32.add (local.get $out) (i32.const 8)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                (if (i32x4.extract_lane 3 (local.get $mask))
                  (then
                    (i32.store (local.get $out) (i32.add (i32.shl (local.get $tile) (i32.const 8)) (i32.add (local.get $real) (i32.const 6))))
                    (i32.store offset=4 (local.get $out) (i32x4.extract_lane 3 (local.get $acc)))
                    (local.set $out (i32.add (local.get $out) (i32.const 8)))
                    (local.set $count (i32.add (local.get $count) (i32.const 1)))))))
            (local.set $g (i32.add (local.get $g) (i32.const 1)))
            (br_if $groups (i32.lt_u (local.get $g) (i32.const 8))))
          (local.set $half (i32.add (local.get $half) (i32.const 32)))
          (br_if $halves (i32.lt_u (local.get $half) (i32.const 256))))
        (local.set $tile (i32.add (local.get $tile) (i32.const 1)))
        (br $tiles)))
    ;; Kept, so the reads ahead are not dropped as unused.
    (i32.store offset=128 (local.get $scratch) (local.get $touch))
    (local.get $count)))
