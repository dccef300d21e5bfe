package io.facefuse.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads and, for tamper tests, writes the real database behind the API's back. */
public record Db(DataSource dataSource) {

    public long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String string(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String... statements) {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row counts of every table a request could write, to prove a refused request wrote nothing. */
    public String snapshot() {
        return "apps=" + count("select count(*) from app")
                + " credentials=" + count("select count(*) from app_credential")
                + " consents=" + count("select count(*) from consent_event")
                + " trace=" + count("select count(*) from trace_entry")
                + " nonces=" + count("select count(*) from request_nonce")
                + " reports=" + count("select count(*) from report_ticket")
                + " revocations=" + count("select count(*) from content_revocation")
                + " checks=" + count("select count(*) from moderation_check")
                + " reviews=" + count("select count(*) from review_task")
                + " features=" + count("select count(*) from feature_entry")
                + " actions=" + count("select count(*) from account_action")
                + " policies=" + count("select count(*) from moderation_policy")
                + " templates=" + count("select count(*) from template")
                + " templateFaces=" + count("select count(*) from template_face");
    }
}
