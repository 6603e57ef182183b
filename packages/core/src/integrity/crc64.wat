;; CRC-64/ECMA-182 (reflected, as OSS x-oss-hash-crc64ecma), slicing-by-8 over 64-bit words.
;; Tables: 8 x 256 little-endian i64 at offsets k*2048 (table k = CRC of a byte followed by k zero
;; bytes), filled by the JavaScript loader. The caller passes the register (init/xorout applied
;; outside), a pointer and a length into this memory.
(module
  (memory (export "memory") 2)
  (func (export "update") (param $crc i64) (param $ptr i32) (param $len i32) (result i64)
    (local $end i32) (local $end8 i32) (local $x i64)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $end8 (i32.sub (local.get $end) (i32.and (local.get $len) (i32.const 7))))
    (block $done8
      (loop $words
        (br_if $done8 (i32.ge_u (local.get $ptr) (local.get $end8)))
        (local.set $x (i64.xor (local.get $crc) (i64.load (local.get $ptr))))
        (local.set $crc (i64.xor (i64.xor (i64.xor (i64.xor (i64.xor (i64.xor (i64.xor (i64.load offset=14336 (i32.shl (i32.wrap_i64 (i64.and (local.get $x) (i64.const 255))) (i32.const 3))) (i64.load offset=12288 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 8)) (i64.const 255))) (i32.const 3)))) (i64.load offset=10240 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 16)) (i64.const 255))) (i32.const 3)))) (i64.load offset=8192 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 24)) (i64.const 255))) (i32.const 3)))) (i64.load offset=6144 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 32)) (i64.const 255))) (i32.const 3)))) (i64.load offset=4096 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 40)) (i64.const 255))) (i32.const 3)))) (i64.load offset=2048 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 48)) (i64.const 255))) (i32.const 3)))) (i64.load offset=0 (i32.shl (i32.wrap_i64 (i64.and (i64.shr_u (local.get $x) (i64.const 56)) (i64.const 255))) (i32.const 3)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 8)))
        (br $words)))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $crc
          (i64.xor
            (i64.load (i32.shl (i32.wrap_i64 (i64.and (i64.xor (local.get $crc) (i64.load8_u (local.get $ptr))) (i64.const 255))) (i32.const 3)))
            (i64.shr_u (local.get $crc) (i64.const 8))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $bytes)))
    (local.get $crc)))
