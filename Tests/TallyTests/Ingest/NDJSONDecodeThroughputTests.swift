#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import Tally

/// Decode throughput on interaction lines. A measurement, not a correctness test: it runs only
/// when `TALLY_INGEST_BENCH=1`, and is meaningful in a release build:
/// `TALLY_INGEST_BENCH=1 swift test -c release --filter NDJSONDecodeThroughput`.
/// Time is the thread's CPU time, best of several rounds, so other processes on the machine
/// disturb it little.
@Suite("NDJSON decode throughput")
struct NDJSONDecodeThroughputTests {
    enum Profile: String, CaseIterable, CustomStringConvertible {
        /// The required fields only.
        case minimal
        /// What a gateway typically sends: ids, tenant, user, tokens, cache, latency, status.
        case typical
        /// Twenty fields: every id, provider, task type, reasoning, tools, confidence, billed cost.
        case rich
        var description: String { rawValue }
    }

    static func lines(_ profile: Profile, count: Int) -> [String] {
        var rng = SeededRandom(seed: 11)
        let agents = ["support-bot", "billing-agent", "triage", "research-assistant"]
        let models = ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro", "llama-3.1-70b-instruct"]
        return (0..<count).map { n in
            let input = Int.random(in: 100...20_000, using: &rng)
            let output = Int.random(in: 10...2000, using: &rng)
            let latency = Int.random(in: 200...9000, using: &rng)
            let ts = "2026-11-21T09:\(10 + n % 50):00.\(100 + n % 900)Z"
            switch profile {
            case .minimal:
                return #"{"type":"interaction","ts":"\#(ts)","conversation_id":"conv-\#(n / 8)","agent":"\#(agents[n % 4])","model":"\#(models[(n / 4) % 4])","input_tokens":\#(input),"output_tokens":\#(output),"status":"ok"}"#
            case .typical:
                return #"{"type":"interaction","id":"evt-\#(n)","ts":"\#(ts)","tenant":"acme","conversation_id":"conv-\#(n / 8)","user_id":"user-\#(n % 5000)","agent":"\#(agents[n % 4])","model":"\#(models[(n / 4) % 4])","input_tokens":\#(input),"output_tokens":\#(output),"cached_input_tokens":\#(input / 2),"latency_ms":\#(latency),"status":"ok"}"#
            case .rich:
                return #"{"type":"interaction","id":"evt-\#(n)","ts":"\#(ts)","tenant":"acme","conversation_id":"conv-2026-11-21-\#(n / 8)","message_id":"msg-\#(n)","user_id":"user-\#(n % 5000)","agent":"\#(agents[n % 4])","model":"\#(models[(n / 4) % 4])","provider":"openai","task_type":"support","input_tokens":\#(input),"output_tokens":\#(output),"cached_input_tokens":\#(input / 2),"latency_ms":\#(latency),"ttft_ms":180,"status":"ok","tool_calls":2,"confidence":0.87,"reported_cost_usd":"0.004125"}"#
            }
        }
    }

    @Test(.enabled(if: getenv("TALLY_INGEST_BENCH") != nil), arguments: Profile.allCases)
    func interactionLines(profile: Profile) throws {
        let lines = Self.lines(profile, count: 100_000)
        var text: [UInt8] = []
        var starts: [Int] = []
        for line in lines {
            starts.append(text.count)
            text += Array(line.utf8)
        }
        starts.append(text.count)
        let decoder = NDJSONEventDecoder()
        let strings = NDJSONStringTable()
        var checksum: Int64 = 0
        var best = Double.infinity
        try text.withUnsafeBytes { bytes in
            for _ in 0..<15 {
                let started = cpuTime()
                for n in 0..<lines.count {
                    let event = try decoder.decode(
                        UnsafeRawBufferPointer(rebasing: bytes[starts[n]..<starts[n + 1]]), lineNumber: n + 1, strings: strings)
                    checksum &+= event.ts.milliseconds
                }
                best = min(best, cpuTime() - started)
            }
        }
        let rate = Double(lines.count) / best
        print("NDJSON decode+validate, \(profile) lines (\(text.count / lines.count) B): \(Int(rate)) lines/s, \(Int(Double(text.count) / best / 1e6)) MB/s")
        #expect(checksum != 0)
    }

    private func cpuTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
