import Foundation
import Scorecard
import Testing

/// Two-decimal scores must read exactly as C's `%.2f` writes them, ties and all.
@Suite struct ScoreTextTests {
    @Test(arguments: [
        0, -0.0, 5, 87.18, 87.175, 87.125, 0.125, 2.675, 1.005, 1.115, 0.285, -0.001, -0.005, -12.345, 99.995,
        100, 1e15, 1e16, -1e17, 0.1 + 0.2, 17.5 + 12.25 + 14.75, .nan, .infinity, -.infinity,
        Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude,
    ])
    func matchesCFormatting(number: Double) {
        #expect(ScoreText.twoDecimals(number) == String(format: "%.2f", number))
    }

    @Test func matchesCFormattingOnManyScores() {
        // Scores as appendices hold them (two or three decimals) and sums of them.
        for step in stride(from: -200_000, through: 200_000, by: 7) {
            let thousandths = Double(step)
            for number in [thousandths / 1000, thousandths / 100, thousandths / 1000 + 0.1 + 0.2] {
                #expect(ScoreText.twoDecimals(number) == String(format: "%.2f", number), "\(number)")
            }
        }
    }
}
