#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Tally

/// Decode throughput on typical interaction lines. A measurement, not a correctness test: it runs
/// only when `TALLY_INGEST_BENCH=1`, and is meaningful in a release build:
/// `TALLY_INGEST_BENCH=1 swift test -c release --filter NDJSONDecodeThroughput`.
@Suite("NDJSON decode throughput")
struct NDJSONDecodeThroughputTests {
    @Test(.enabled(if: getenv("TALLY_INGEST_BENCH") != nil))
    func typicalInteractionLines() throws {
        var rng = SplitMix64(seed: 11)
        let agents = ["support-bot", "billing-agent", "triage", "research-assistant"]
        let models = ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro", "llama-3.1-70b-instruct"]
        var text: [UInt8] = []
        var starts: [Int] = []
        let lines = 200_000
        for n in 0..<lines {
            let input = Int.random(in: 100...20_000, using: &rng)
            let line = #"{"type":"interaction","id":"evt-\#(n)","ts":"2026-11-21T09:\#(10 + n % 50):00.\#(100 + n % 900)Z","tenant":"acme","conversation_id":"conv-2026-11-21-\#(n / 8)","message_id":"msg-\#(n)","user_id":"user-\#(n % 5000)","agent":"\#(agents[n % 4])","model":"\#(models[(n / 4) % 4])","provider":"openai","task_type":"support","input_tokens":\#(input),"output_tokens":\#(Int.random(in: 10...2000, using: &rng)),"cached_input_tokens":\#(input / 2),"latency_ms":\#(Int.random(in: 200...9000, using: &rng)),"ttft_ms":180,"status":"ok","tool_calls":2,"confidence":0.87,"reported_cost_usd":"0.004125"}"#
            starts.append(text.count)
            text += Array(line.utf8)
        }
        starts.append(text.count)
        let decoder = NDJSONEventDecoder()
        var checksum: Int64 = 0
        var best = Double.infinity
        try text.withUnsafeBytes { bytes in
            for _ in 0..<3 {
                let started = now()
                for n in 0..<lines {
                    let event = try decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[starts[n]..<starts[n + 1]]), lineNumber: n + 1)
                    if case .interaction(let i) = event.payload { checksum &+= i.inputTokens }
                }
                best = min(best, now() - started)
            }
        }
        let rate = Double(lines) / best
        let megabytes = Double(text.count) / best / 1e6
        print("NDJSON decode+validate: \(Int(rate)) lines/s, \(Int(megabytes)) MB/s, \(text.count / lines) bytes/line (checksum \(checksum))")
        #expect(checksum > 0)
    }

    private func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
