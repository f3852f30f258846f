/// The agents of the demo platform and what each one does.
enum DemoAgent: Int, CaseIterable, Sendable {
    case triage, general, technical, research, billing

    var name: String {
        switch self {
        case .triage: "triage"
        case .general: "general"
        case .technical: "technical"
        case .research: "research"
        case .billing: "billing"
        }
    }

    /// Names by raw value.
    static let names: [String] = allCases.map(\.name)

    /// Where escalations end when no agent is stronger: a human support queue.
    static let humanQueue = "human"

    /// The task types the agent handles, with their weights.
    var tasks: WeightedChoice<TaskType> { DemoAgent.taskChoices[rawValue] }

    private static let taskChoices: [WeightedChoice<TaskType>] = [
        WeightedChoice([(.generalChat, 1)]),
        WeightedChoice([(.generalChat, 0.6), (.creative, 0.25), (.analysis, 0.15)]),
        WeightedChoice([(.coding, 0.6), (.functionCalling, 0.2), (.analysis, 0.2)]),
        WeightedChoice([(.research, 0.5), (.analysis, 0.3), (.reasoning, 0.2)]),
        WeightedChoice([(.generalChat, 0.5), (.functionCalling, 0.5)]),
    ]

    /// Probability that a call makes another tool call (so calls per turn are geometric).
    var toolContinuation: Double {
        switch self {
        case .triage: 0
        case .general: 0.1
        case .technical: 0.45
        case .research: 0.6
        case .billing: 0.5
        }
    }

    /// Share of conversations whose user needs this agent.
    static let intents = WeightedChoice<DemoAgent>([(.general, 0.45), (.technical, 0.25), (.research, 0.15), (.billing, 0.15)])
}

/// A finite weighted choice, sampled with one uniform draw.
struct WeightedChoice<Value: Sendable>: Sendable {
    let values: [Value]
    let cumulative: [Double]

    init(_ pairs: [(Value, Double)]) {
        values = pairs.map(\.0)
        var running = 0.0
        var sums: [Double] = []
        for (_, weight) in pairs {
            running += weight
            sums.append(running)
        }
        cumulative = sums.map { $0 / running }
    }

    @inline(__always)
    func pick(_ random: inout SeededRandom) -> Value {
        let u = random.unit()
        var index = 0
        while index < cumulative.count - 1, u >= cumulative[index] { index += 1 }
        return values[index]
    }
}

/// How one tenant uses the platform: when its users are awake, which models back which agent,
/// whether a gateway reports billed cost, and what experiment runs there.
struct TenantProfile: Sendable {
    /// Relative share of all conversations.
    let share: Double
    /// Local time offset from UTC, hours (drives the daily curve).
    let utcOffsetHours: Int
    /// Whether conversations enter through a `triage` agent that routes them.
    let usesTriage: Bool
    /// The models behind each agent (index: `DemoAgent.rawValue`).
    let models: [WeightedChoice<Int>]
    /// Whether a gateway reports what it billed (`reported_cost_usd`), and its margin.
    let gatewayMarginPercent: Int?
    /// An A/B experiment on the `general` agent: its arms, and the share of conversations in it.
    let experimentArms: [String]
    let experimentShare: Double
    /// Whether `billing` moves to the fine-tuned model once it is deployed (the first tenant).
    let adoptsFineTunedModel: Bool
}

extension TenantProfile {
    private typealias M = DemoCatalog.ID

    private static func choice(_ pairs: [(DemoCatalog.ID, Double)]) -> WeightedChoice<Int> {
        WeightedChoice(pairs.map { ($0.0.rawValue, $0.1) })
    }

    /// The three built-in profiles: a US SaaS company behind a triage router (the one with the
    /// fine-tuned deployment and the monthly budget), a European one behind a billing gateway
    /// that runs a prompt experiment, and a cost-conscious one in Asia.
    static let builtIn: [TenantProfile] = [
        TenantProfile(
            share: 0.5, utcOffsetHours: -5, usesTriage: true,
            models: [
                choice([(M.gpt4oMini, 1)]),
                choice([(M.gpt4o, 0.5), (M.claudeHaiku, 0.5)]),
                choice([(M.claudeSonnet, 0.7), (M.gpt4o, 0.3)]),
                choice([(M.o3, 0.6), (M.geminiFlash, 0.4)]),
                choice([(M.gpt4oMini, 1)]),
            ],
            gatewayMarginPercent: nil, experimentArms: [], experimentShare: 0, adoptsFineTunedModel: true),
        TenantProfile(
            share: 0.3, utcOffsetHours: 1, usesTriage: false,
            models: [
                choice([(M.gpt4oMini, 1)]),
                choice([(M.mistralLarge, 0.5), (M.gpt4oMini, 0.5)]),
                choice([(M.claudeSonnet, 0.5), (M.deepseekChat, 0.5)]),
                choice([(M.o3, 0.4), (M.claudeSonnet, 0.6)]),
                choice([(M.claudeHaiku, 1)]),
            ],
            gatewayMarginPercent: 3, experimentArms: ["prompt-v7/control", "prompt-v7/concise"], experimentShare: 0.4,
            adoptsFineTunedModel: false),
        TenantProfile(
            share: 0.2, utcOffsetHours: 8, usesTriage: true,
            models: [
                choice([(M.geminiFlash, 1)]),
                choice([(M.geminiFlash, 0.6), (M.deepseekChat, 0.4)]),
                choice([(M.deepseekChat, 0.6), (M.gpt4o, 0.4)]),
                choice([(M.geminiFlash, 0.5), (M.o3, 0.5)]),
                choice([(M.gpt4oMini, 1)]),
            ],
            gatewayMarginPercent: nil, experimentArms: [], experimentShare: 0, adoptsFineTunedModel: false),
    ]
}
