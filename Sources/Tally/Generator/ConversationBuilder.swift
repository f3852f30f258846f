#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Simulates one conversation at a time, from its first message to its last (possibly late) rating,
/// and queues its events in `PendingEvents`.
///
/// A conversation belongs to one tenant and one user (Zipf-skewed within the tenant). It enters
/// through `triage` (which routes it with a `routing` handoff) or straight at its agent, runs a few
/// turns, each one LLM call with retries on failure, a `fallback` handoff to `general` now and then,
/// an `escalation` handoff when the agent's confidence is low, and ends. Users rate some answers
/// (thumbs or stars) and some conversations; QA reviewers judge a few conversations hours later
/// with a success verdict and failure tags; some raters change their minds.
///
/// Token counts: each turn's input is drawn from the Azure trace's `ContextTokens` distribution by
/// inverse CDF, using the conversation's uniform draws sorted ascending, so the context grows over
/// the turns while the distribution over all calls stays exactly the trace's; output is drawn
/// independently from `GeneratedTokens` (the trace shows no rank correlation between the two).
/// Failed calls (error, timeout) report no usage, as provider APIs return none.
struct ConversationBuilder {
    let seedDigits: [UInt8]
    let tenantNames: [String]
    let profiles: [TenantProfile]
    let users: [[String]]
    let reviewers: [[String]]
    let zipf: ZipfSampler
    let deploymentAt: Int64
    let regressionEnd: Int64
    let priceChangeAt: Int64
    let lateArrivalFraction: Double
    /// Id letters for conversations and messages (the calibration pre-pass uses others).
    var conversationKind = UInt8(ascii: "c")
    var messageKind = UInt8(ascii: "m")

    private(set) var conversationCounter: UInt64 = 0
    private(set) var messageCounter: UInt64 = 0

    // Per-conversation scratch space, reused so a conversation allocates nothing of its own.
    private var quantiles: [Double] = Array(repeating: 0, count: ConversationBuilder.maxTurns)
    private var agentModels: [Int] = Array(repeating: -1, count: DemoAgent.allCases.count)
    private var agentTasks: [TaskType] = Array(repeating: .generalChat, count: DemoAgent.allCases.count)

    static let maxTurns = 20
    static let fineTunedID = DemoCatalog.ID.fineTuned.rawValue

    init(
        seedDigits: [UInt8], tenantNames: [String], profiles: [TenantProfile], users: [[String]],
        reviewers: [[String]], zipf: ZipfSampler, deploymentAt: Int64, regressionEnd: Int64,
        priceChangeAt: Int64, lateArrivalFraction: Double
    ) {
        self.seedDigits = seedDigits
        self.tenantNames = tenantNames
        self.profiles = profiles
        self.users = users
        self.reviewers = reviewers
        self.zipf = zipf
        self.deploymentAt = deploymentAt
        self.regressionEnd = regressionEnd
        self.priceChangeAt = priceChangeAt
        self.lateArrivalFraction = lateArrivalFraction
    }

    /// What the rest of a conversation needs to know while it runs.
    private struct Conversation {
        let tenant: Int
        let tenantName: String
        let user: String
        let id: String
        let experiment: String?
        let conciseArm: Bool
        var previousModel = -1
        var previousInput: Int64 = 0
        var cachePrefix: Int64 = 0
        var qualitySum = 0.0
        var answered = 0
        var failures = 0
        var toolFailures = 0
        var slowTurns = 0
        var fellBack = false
        var escalatedToHuman = false
        var isFirstCall = true
        var lastMessageID: String?
        var lastAgent: DemoAgent = .general
        var lastModel = 0

        init(tenant: Int, tenantName: String, user: String, id: String, experiment: String?, conciseArm: Bool) {
            self.tenant = tenant
            self.tenantName = tenantName
            self.user = user
            self.id = id
            self.experiment = experiment
            self.conciseArm = conciseArm
        }

        /// The user's overall satisfaction, 0–1, before noise.
        var satisfaction: Double {
            let base = answered > 0 ? qualitySum / Double(answered) : 0.2
            var s = base - 0.12 * Double(failures) - 0.04 * Double(slowTurns)
            if fellBack { s -= 0.06 }
            if escalatedToHuman { s -= 0.05 }
            return s
        }
    }

    /// The outcome of one LLM call.
    private struct Call {
        let messageID: String
        let status: InteractionStatus
        let end: Int64
        let quality: Double
        let escalationSuggested: Bool
    }

    // MARK: - Conversation

    /// Simulates a conversation of `tenant` starting at `start` and queues all its events.
    mutating func build(at start: Int64, tenant: Int, random: inout SeededRandom, into pending: inout PendingEvents) {
        let profile = profiles[tenant]
        let tenantUsers = users[tenant]
        let user = tenantUsers[min(zipf.sample(using: &random), tenantUsers.count - 1)]
        let id = CompactID.make(kind: conversationKind, seedDigits: seedDigits, counter: conversationCounter)
        conversationCounter &+= 1
        let intent = DemoAgent.intents.pick(&random)

        var experiment: String?
        var concise = false
        if !profile.experimentArms.isEmpty, intent == .general, random.chance(profile.experimentShare) {
            let arm = random.below(profile.experimentArms.count)
            experiment = profile.experimentArms[arm]
            concise = arm == 1
        }
        var conversation = Conversation(
            tenant: tenant, tenantName: tenantNames[tenant], user: user, id: id, experiment: experiment, conciseArm: concise)

        var turns = 1
        while turns < ConversationBuilder.maxTurns, random.chance(0.68) { turns += 1 }
        for index in 0..<turns {
            // Insertion sort as we draw: the turns' input quantiles, ascending.
            let u = random.unit()
            var slot = index
            while slot > 0, quantiles[slot - 1] > u {
                quantiles[slot] = quantiles[slot - 1]
                slot -= 1
            }
            quantiles[slot] = u
        }
        for index in agentModels.indices { agentModels[index] = -1 }

        var now = start
        var agent: DemoAgent = profile.usesTriage ? .triage : intent
        for turn in 0..<turns {
            if agent == .triage {
                let routed = call(agent: .triage, quantile: random.unit(), at: now, conversation: &conversation, random: &random, pending: &pending)
                now = routed.end + 20 + Int64(random.below(250))
                handoff(from: .triage, to: intent.name, reason: "routing", messageID: routed.messageID, at: now, conversation: conversation, pending: &pending)
                agent = intent
                now += 10 + Int64(random.below(40))
            }
            var attempts = 0
            attemptLoop: while true {
                attempts += 1
                let result = call(agent: agent, quantile: quantiles[turn], at: now, conversation: &conversation, random: &random, pending: &pending)
                now = result.end
                switch result.status {
                case .ok:
                    // Low confidence: `general` hands over to a specialist; a specialist's last
                    // answer goes to the human queue. (Only the last turn, so escalations never
                    // cut a conversation short and bias its token draws.)
                    if result.escalationSuggested, random.chance(0.6) {
                        if agent == .general {
                            now += 30 + Int64(random.below(400))
                            let target: DemoAgent = random.chance(0.5) ? .technical : .research
                            handoff(from: agent, to: target.name, reason: Handoff.escalation, messageID: result.messageID, at: now, conversation: conversation, pending: &pending)
                            agent = target
                        } else if turn == turns - 1 {
                            now += 30 + Int64(random.below(400))
                            handoff(from: agent, to: DemoAgent.humanQueue, reason: Handoff.escalation, messageID: result.messageID, at: now, conversation: conversation, pending: &pending)
                            conversation.escalatedToHuman = true
                        }
                    }
                    break attemptLoop
                case .cancelled:
                    break attemptLoop
                case .error, .timeout:
                    guard attempts < 3 else { break attemptLoop }
                    now += 200 + Int64(random.below(1800))
                    if agent != .general, random.chance(0.35) {
                        handoff(from: agent, to: DemoAgent.general.name, reason: "fallback", messageID: result.messageID, at: now, conversation: conversation, pending: &pending)
                        conversation.fellBack = true
                        agent = .general
                        now += 10 + Int64(random.below(40))
                    } else if !random.chance(0.75) {
                        break attemptLoop // the user gives up on this question
                    }
                }
            }
            if turn + 1 < turns {
                // The user reads and types: a log-normal think time, median 30 s, 2 s to 15 min.
                let think = 30_000 * exp(0.8 * random.approximateNormal())
                now += Int64(min(900_000, max(2_000, think)))
            }
        }
        rateConversation(endingAt: now, conversation: conversation, random: &random, pending: &pending)
    }

    // MARK: - One LLM call

    private mutating func modelID(for agent: DemoAgent, at time: Int64, conversation: Conversation, random: inout SeededRandom) -> Int {
        let existing = agentModels[agent.rawValue]
        if existing >= 0 { return existing }
        let profile = profiles[conversation.tenant]
        let chosen: Int
        if agent == .billing, conversation.tenant == 0, profile.adoptsFineTunedModel, time >= deploymentAt, random.chance(0.85) {
            chosen = ConversationBuilder.fineTunedID
        } else {
            chosen = profile.models[agent.rawValue].pick(&random)
        }
        agentModels[agent.rawValue] = chosen
        agentTasks[agent.rawValue] = agent.tasks.pick(&random)
        return chosen
    }

    private mutating func call(
        agent: DemoAgent, quantile: Double, at ts: Int64, conversation: inout Conversation,
        random: inout SeededRandom, pending: inout PendingEvents
    ) -> Call {
        let modelIndex = modelID(for: agent, at: ts, conversation: conversation, random: &random)
        let model = DemoCatalog.models[modelIndex]
        let task = agentTasks[agent.rawValue]
        let regressed = modelIndex == ConversationBuilder.fineTunedID && ts >= deploymentAt && ts < regressionEnd
        let messageID = CompactID.make(kind: messageKind, seedDigits: seedDigits, counter: messageCounter)
        messageCounter &+= 1

        // Tool calls the agent makes while answering.
        var tools: Int64 = 0
        while tools < 8, random.chance(agent.toolContinuation) { tools += 1 }
        var toolFailures: Int64 = 0
        var toolTime = 0.0
        for _ in 0..<tools {
            if random.chance(regressed ? 0.12 : 0.04) { toolFailures += 1 }
            toolTime += random.uniform(150, 1200)
        }

        // How the call ends.
        let errorRate = regressed ? 0.08 : model.errorRate
        let timeoutRate = regressed ? 0.03 : 0.003
        let roll = random.unit()
        var status = InteractionStatus.ok
        var errorType: String?
        if roll < errorRate {
            status = .error
            errorType = random.chance(0.6) ? model.errorTypes[0] : model.errorTypes[1 + random.below(model.errorTypes.count - 1)]
        } else if roll < errorRate + timeoutRate {
            status = .timeout
            errorType = "request_timeout"
        } else if roll < errorRate + timeoutRate + 0.004 {
            status = .cancelled
        } else if toolFailures > 0, random.chance(0.3) {
            status = .error
            errorType = "tool_error"
        }

        let prompt = max(1, Int64(AzureTraceCalibration.contextTokens.value(at: quantile).rounded()))
        var input: Int64 = 0
        var output: Int64 = 0
        var cached: Int64 = 0
        var cacheWrite: Int64 = 0
        var reasoning: Int64 = 0
        var ttft: Int64?
        var latency: Double
        let slowdown = regressed ? 2.2 : 1.0
        switch status {
        case .ok, .cancelled:
            input = prompt
            output = max(1, Int64(AzureTraceCalibration.generatedTokens.sample(using: &random).rounded()))
            (cached, cacheWrite) = cacheUse(model: model, modelIndex: modelIndex, input: input, conversation: &conversation, random: &random)
            if model.reasoningProbability > 0, agent == .technical || agent == .research || modelIndex != DemoCatalog.ID.claudeSonnet.rawValue,
               random.chance(model.reasoningProbability) {
                reasoning = Int64(Double(output) * random.uniform(model.reasoningShare.lowerBound, model.reasoningShare.upperBound))
            }
            let noise = exp(0.3 * random.approximateNormal())
            let msPerToken = 1000 / model.tokensPerSecond
            let firstToken = (model.ttftMs + model.prefillMsPerKToken * Double(input) / 1000 + Double(reasoning) * msPerToken) * noise * slowdown
            var decode = Double(output - reasoning) * msPerToken * noise * slowdown
            if status == .cancelled {
                let kept = random.uniform(0.1, 0.8)
                output = max(reasoning, Int64(Double(output) * kept))
                decode *= kept
            }
            ttft = Int64(firstToken.rounded())
            latency = firstToken + decode + toolTime
        case .error:
            latency = random.uniform(150, 2500) * slowdown + toolTime
        case .timeout:
            latency = 60_000
        }
        let latencyMs = max(1, Int64(latency.rounded()))
        let end = ts + latencyMs

        // Quality, confidence, escalation.
        var quality = model.quality + 0.08 * random.approximateNormal()
        if model.strengths.contains(task) { quality += 0.05 }
        if conversation.conciseArm { quality += 0.03 }
        if regressed { quality -= 0.35 }
        var confidence: Double?
        var escalate = false
        if status == .ok {
            let c = min(0.99, max(0.01, quality + 0.15 * random.approximateNormal()))
            confidence = (c * 100).rounded() / 100
            escalate = agent != .triage && c < 0.5
            conversation.qualitySum += quality
            conversation.answered += 1
            if latencyMs > 8_000 { conversation.slowTurns += 1 }
        } else if status.isFailure {
            conversation.failures += 1
        }
        conversation.toolFailures += Int(toolFailures)

        var reported: Money?
        if let margin = profiles[conversation.tenant].gatewayMarginPercent, status == .ok || status == .cancelled {
            let cost = DemoScenario.cost(model: modelIndex, revised: ts >= priceChangeAt, input: input, cached: cached, cacheWrite: cacheWrite, output: output)
            // The gateway bills cost plus its margin, rounded to 10⁻¹⁰ $.
            let scaled = cost.picodollars * Int128(100 + margin)
            reported = Money(picodollars: (scaled + 5_000) / 10_000 * 100)
        }

        var attributes: [String: String] = [:]
        if conversation.isFirstCall, random.chance(0.02) {
            attributes["client"] = ["web", "ios", "android", "api"][random.below(4)]
            attributes["region"] = ["us-east-1", "eu-west-1", "ap-southeast-1"][random.below(3)]
        }
        conversation.isFirstCall = false

        let interaction = Interaction(
            conversationID: conversation.id, messageID: messageID, userID: conversation.user,
            agent: agent.name, model: model.name, provider: model.provider, taskType: task.name,
            inputTokens: input, outputTokens: output, cachedInputTokens: cached, cacheWriteTokens: cacheWrite,
            reasoningTokens: reasoning, latencyMs: latencyMs, ttftMs: ttft, status: status, errorType: errorType,
            toolCalls: tools, toolFailures: toolFailures, contextTokens: prompt, escalationSuggested: escalate,
            confidence: confidence, experiment: conversation.experiment, reportedCost: reported, attributes: attributes)
        let event = Event(ts: Timestamp(milliseconds: ts), tenant: conversation.tenantName, payload: .interaction(interaction))

        conversation.lastMessageID = messageID
        conversation.lastAgent = agent
        conversation.lastModel = modelIndex

        if status == .ok, lateArrivalFraction > 0, random.chance(lateArrivalFraction) {
            // A late-arriving interaction: its collector flushes 30 s to 10 min late, after the
            // user has already rated it, so the rating precedes it in the log.
            let arrival = end + 30_000 + Int64(random.below(570_000))
            pending.push(event, logTime: arrival)
            let ratedAt = end + 2_000 + Int64(random.below(23_000))
            let up = quality + 0.15 * random.approximateNormal() > 0.6
            rate(messageID: messageID, rater: conversation.user, score: .thumbs(up ? 1 : -1), at: ratedAt,
                 conversation: conversation, random: &random, pending: &pending, mayRerate: false)
        } else {
            pending.push(event, logTime: ts)
            if status == .ok {
                rateAnswer(messageID: messageID, quality: quality, end: end, conversation: conversation, random: &random, pending: &pending)
            }
        }
        return Call(messageID: messageID, status: status, end: end, quality: quality, escalationSuggested: escalate)
    }

    /// Cached and cache-written input tokens of a call, by the provider's caching behaviour.
    private func cacheUse(model: DemoModel, modelIndex: Int, input: Int64, conversation: inout Conversation, random: inout SeededRandom) -> (Int64, Int64) {
        let sameModel = conversation.previousModel == modelIndex
        var cached: Int64 = 0
        var write: Int64 = 0
        switch model.cache {
        case let .automatic(minimum, granularity, hitRate):
            if input >= minimum {
                if sameModel, random.chance(hitRate) {
                    let reusable = Double(min(conversation.previousInput, input)) * random.uniform(0.75, 1)
                    cached = Int64(reusable) / granularity * granularity
                } else if random.chance(0.25) {
                    // A shared system prompt cached by other conversations.
                    cached = min(input, minimum + granularity * Int64(random.below(8))) / granularity * granularity
                }
                if cached < minimum { cached = 0 }
            }
        case let .explicit(minimum):
            let prefix = sameModel ? conversation.cachePrefix : 0
            if prefix >= minimum, random.chance(0.9) { cached = min(prefix, input) }
            if input >= minimum, random.chance(0.6) {
                write = Int64(Double(input - cached) * random.uniform(0.6, 0.95))
            }
            conversation.cachePrefix = cached + write
        case let .implicit(minimum, hitRate):
            if sameModel, input >= minimum, random.chance(hitRate) {
                cached = Int64(Double(min(conversation.previousInput, input)) * random.uniform(0.5, 0.9))
            }
        case .none:
            break
        }
        conversation.previousModel = modelIndex
        conversation.previousInput = input
        return (cached, write)
    }

    // MARK: - Handoffs and ratings

    private func handoff(
        from: DemoAgent, to: String, reason: String, messageID: String, at time: Int64,
        conversation: Conversation, pending: inout PendingEvents
    ) {
        let handoff = Handoff(conversationID: conversation.id, fromAgent: from.name, toAgent: to, reason: reason, messageID: messageID)
        pending.push(Event(ts: Timestamp(milliseconds: time), tenant: conversation.tenantName, payload: .handoff(handoff)), logTime: time)
    }

    /// A user's rating of one answer: now and then thumbs (mostly) or stars, more often when bad.
    private func rateAnswer(
        messageID: String, quality: Double, end: Int64, conversation: Conversation,
        random: inout SeededRandom, pending: inout PendingEvents
    ) {
        let perceived = quality + 0.15 * random.approximateNormal()
        guard random.chance(perceived < 0.55 ? 0.13 : 0.05) else { return }
        let at = end + 3_000 + Int64(random.below(87_000))
        let score: RatingScore = random.chance(0.75)
            ? .thumbs(perceived > 0.6 ? 1 : -1)
            : .stars(ConversationBuilder.stars(perceived, random: &random))
        rate(messageID: messageID, rater: conversation.user, score: score, at: at, conversation: conversation,
             random: &random, pending: &pending, mayRerate: true)
    }

    /// The end of a conversation: perhaps the user's stars, perhaps a QA reviewer's verdict later.
    private func rateConversation(endingAt end: Int64, conversation: Conversation, random: inout SeededRandom, pending: inout PendingEvents) {
        let satisfaction = conversation.satisfaction
        if random.chance(conversation.failures > 0 ? 0.33 : 0.18) {
            let perceived = satisfaction + 0.1 * random.approximateNormal()
            let stars = ConversationBuilder.stars(perceived, random: &random)
            let success: Bool? = random.chance(0.3) ? perceived > 0.55 : nil
            let tags = stars <= 2 && random.chance(0.7) ? failureTags(conversation, random: &random) : []
            let comment = stars <= 2 && random.chance(0.1) ? ConversationBuilder.comments[random.below(ConversationBuilder.comments.count)] : nil
            let at = end + 5_000 + Int64(random.below(300_000))
            rate(messageID: nil, rater: conversation.user, score: .stars(stars), success: success, tags: tags, comment: comment,
                 at: at, conversation: conversation, random: &random, pending: &pending, mayRerate: true)
        }
        if random.chance(0.03) {
            let team = reviewers[conversation.tenant]
            let reviewer = team[random.below(team.count)]
            let judged = satisfaction + 0.05 * random.approximateNormal()
            let success = judged > 0.6
            let tags = success ? [] : failureTags(conversation, random: &random)
            let at = end + 3_600_000 + Int64(random.below(47 * 3_600_000))
            rate(messageID: nil, rater: reviewer, score: .stars(ConversationBuilder.stars(judged, random: &random)),
                 success: success, tags: tags, at: at, conversation: conversation, random: &random, pending: &pending, mayRerate: false)
        }
    }

    /// Queues a rating, and now and then the same rater's later change of mind.
    private func rate(
        messageID: String?, rater: String, score: RatingScore, success: Bool? = nil, tags: [String] = [],
        comment: String? = nil, at time: Int64, conversation: Conversation, random: inout SeededRandom,
        pending: inout PendingEvents, mayRerate: Bool
    ) {
        let rating = Rating(conversationID: conversation.id, messageID: messageID, raterID: rater, score: score,
                            success: success, failureTags: tags, comment: comment)
        pending.push(Event(ts: Timestamp(milliseconds: time), tenant: conversation.tenantName, payload: .rating(rating)), logTime: time)
        guard mayRerate, random.chance(0.05) else { return }
        let changed: RatingScore
        switch score {
        case let .thumbs(value):
            changed = .thumbs(-value)
        case let .stars(value):
            let step = 1 + random.below(2)
            let up = value <= 2 || (value < 5 && random.chance(0.5))
            changed = .stars(min(5, max(1, up ? value + step : value - step)))
        }
        let later = time + 120_000 + Int64(random.below(6 * 3_600_000))
        let again = Rating(conversationID: conversation.id, messageID: messageID, raterID: rater, score: changed,
                           success: success, failureTags: tags, comment: nil)
        pending.push(Event(ts: Timestamp(milliseconds: later), tenant: conversation.tenantName, payload: .rating(again)), logTime: later)
    }

    /// What went wrong, as a rater would tag it.
    private func failureTags(_ conversation: Conversation, random: inout SeededRandom) -> [String] {
        var tags: [String] = []
        if conversation.failures > 0 { tags.append(conversation.toolFailures > 0 && random.chance(0.5) ? "tool_error" : "api_error") }
        if conversation.slowTurns > 0, random.chance(0.7) { tags.append("too_slow") }
        if tags.count < 2 || random.chance(0.3) {
            let quality = ["hallucination", "incomplete", "incorrect_format", "off_topic", "wrong_tone"]
            tags.append(quality[random.below(quality.count)])
        }
        return tags
    }

    /// Stars from a 0–1 satisfaction: 1 + 4 s, with noise, rounded and clamped to 1…5.
    static func stars(_ satisfaction: Double, random: inout SeededRandom) -> Int {
        let raw = 1 + 4 * satisfaction + 0.5 * random.approximateNormal()
        return min(5, max(1, Int(raw.rounded())))
    }

    /// Canned rater comments (the log holds no free text from users).
    static let comments = ["answer was cut off", "took too long", "did not answer the question", "wrong figures", "had to ask twice"]
}
