import ArgumentParser
import Tally

extension PriceFileFormat: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument)
    }
}
