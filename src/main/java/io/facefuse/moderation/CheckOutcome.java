package io.facefuse.moderation;

import java.util.Map;

/**
 * One check's answer: its verdict, a score 0-100 (how strongly it objects), and a stable reason
 * code ({@code Pass} when it has none), with what it measured.
 */
public record CheckOutcome(String name, Verdict verdict, int score, String reason, Map<String, Object> detail) {

    public static CheckOutcome passed(String name, int score, Map<String, Object> detail) {
        return new CheckOutcome(name, Verdict.pass, score, "Pass", detail);
    }
}
