import Foundation

/// Scores as the report writes them: two decimals ("87.18", "5.00").
public enum ScoreText {
    /// `number` with two decimals, exactly as `String(format: "%.2f", number)` writes it,
    /// without Foundation's formatter (which costs microseconds per call, and a report has
    /// hundreds of scores).
    public static func twoDecimals(_ number: Double) -> String {
        let scaled = number * 100
        // Beyond 2^53 or not finite, or so close to a tie that the product's rounding could
        // decide it: the formatter itself.
        guard number.isFinite, abs(scaled) < 9e15, abs(abs(scaled.truncatingRemainder(dividingBy: 1)) - 0.5) > 1e-6
        else {
            return String(format: "%.2f", number)
        }
        let hundredths = Int64(scaled.rounded(.toNearestOrAwayFromZero))
        let negative = hundredths < 0 || (hundredths == 0 && number.sign == .minus)
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return (negative ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }
}
