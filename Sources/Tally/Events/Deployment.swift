/// A model is deployed or retired: the model registry, and the "what changed before this regression" signal.
public struct Deployment: Hashable, Sendable {
    public var model: String
    public var provider: String?
    public var action: DeploymentAction
    /// `base`, `sft`, `dpo`, `rlhf`, or another method.
    public var trainingMethod: String?
    public var baseModel: String?
    public var version: String?
    public var endpoint: String?

    public init(
        model: String, provider: String? = nil, action: DeploymentAction, trainingMethod: String? = nil,
        baseModel: String? = nil, version: String? = nil, endpoint: String? = nil
    ) {
        self.model = model
        self.provider = provider
        self.action = action
        self.trainingMethod = trainingMethod
        self.baseModel = baseModel
        self.version = version
        self.endpoint = endpoint
    }
}

/// What a deployment event does.
public enum DeploymentAction: UInt8, CaseIterable, Hashable, Sendable {
    case deployed = 0
    case retired = 1

    public var name: String { self == .deployed ? "deployed" : "retired" }

    public init?(name: some StringProtocol) {
        switch name {
        case "deployed": self = .deployed
        case "retired": self = .retired
        default: return nil
        }
    }
}
