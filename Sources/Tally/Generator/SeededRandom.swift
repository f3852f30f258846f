/// A small, fast, seeded pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018), with
/// its 256-bit state expanded from a 64-bit seed by SplitMix64, as its authors recommend.
///
/// The generator never reads the wall clock or the system's entropy: the same seed gives the same
/// stream on every run, which is what makes `DemoGenerator` reproducible. Not for cryptography.
@frozen
public struct SeededRandom: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // SplitMix64 never yields four zero words in a row, but the all-zero state is the one
        // xoshiro cannot leave, so guard it anyway.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// A generator for an independent sub-stream, derived from `seed` and a stream number.
    ///
    /// Used to give each concern (arrivals, calibration pre-pass…) its own stream, so adding a
    /// draw in one place does not shift every other value.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        self.init(seed: mixer.next())
    }

    /// The next 64 random bits.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in [low, high).
    @inlinable @inline(__always)
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// `true` with probability `p` (0 never, 1 always).
    @inlinable @inline(__always)
    public mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniform integer in `0..<bound` (Lemire's nearly divisionless method); `bound` must be > 0.
    @inlinable @inline(__always)
    public mutating func below(_ bound: Int) -> Int {
        let b = UInt64(truncatingIfNeeded: bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold {
                product = next().multipliedFullWidth(by: b)
            }
        }
        return Int(truncatingIfNeeded: product.high)
    }

    /// An approximately standard normal value: the sum of four uniforms, centred and scaled to
    /// unit variance (Irwin–Hall).
    ///
    /// Bounded to ±3.46, which is what noise on latencies and ratings wants; four draws and no
    /// `log`/`cos`, so it is cheap and the same on every platform.
    @inlinable @inline(__always)
    public mutating func approximateNormal() -> Double {
        let sum = unit() + unit() + unit() + unit()
        return (sum - 2) * 1.7320508075688772
    }

    @inlinable @inline(__always)
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}

/// SplitMix64 (Steele, Lea and Flood): used only to expand a seed into xoshiro's state.
@usableFromInline
struct SplitMix64 {
    @usableFromInline var state: UInt64

    @usableFromInline init(state: UInt64) { self.state = state }

    @usableFromInline mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
