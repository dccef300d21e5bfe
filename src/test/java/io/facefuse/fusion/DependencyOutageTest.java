package io.facefuse.fusion;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.facefuse.support.Relay;
import io.facefuse.support.TestMedia;
import io.facefuse.trace.TraceOutbox;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fusion while another function cannot answer is refused with {@code DependencyUnavailable} and
 * nothing is lost: no result, usage record or media, the prepaid charge refunded. The fusion function
 * reaches moderation and labelling through {@link Relay}s (this class's own profile), each switched
 * down for its outage.
 */
@QuarkusTest
@TestProfile(DependencyOutageTest.ThroughRelay.class)
class DependencyOutageTest {

    private static final int PORT = 8088;
    private static final int LISTENER = 8098;
    private static final int RELAY = 8099;
    private static final int LABELLING_RELAY = 8100;

    /** Ports of its own, as {@code FunctionBuilds} explains; moderation and labelling through relays. */
    public static final class ThroughRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.mock-event-server.test-port", Integer.toString(PORT),
                    "quarkus.http.test-port", Integer.toString(PORT),
                    "facefuse.internal-listener.port", Integer.toString(LISTENER),
                    "quarkus.rest-client.moderation.url", "http://127.0.0.1:" + RELAY,
                    "quarkus.rest-client.labelling.url", "http://127.0.0.1:" + LABELLING_RELAY);
        }
    }

    private static Relay relay;
    private static Relay labellingRelay;

    @Inject
    DataSource dataSource;

    @Inject
    TraceOutbox outbox;

    @BeforeAll
    static void startRelay() {
        relay = Relay.start(RELAY, "http://127.0.0.1:" + LISTENER);
        labellingRelay = Relay.start(LABELLING_RELAY, "http://127.0.0.1:" + LISTENER);
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
        labellingRelay.close();
    }

    /** Moderation down: refused before any face is touched, the refusal traced; back up, the same request succeeds. */
    @Test
    void aFusionWhileModerationIsDownIsRefusedAndLeavesNothing() {
        Operator.TestApp app = prepaidApp();
        String account = "/v1/ops/billing/accounts/" + app.appId();
        String json = request(app, "");
        Db db = new Db(dataSource);
        String appId = app.appId().toString();

        relay.down();
        try {
            Response refused = app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
            refused.then().statusCode(503).contentType("application/problem+json")
                    .body("code", equalTo("DependencyUnavailable"));
        } finally {
            relay.up();
        }
        assertEquals(0, db.count("select count(*) from fusion_result where app_id = ?::uuid", appId), "no result");
        assertEquals(0, db.count("select count(*) from usage_record where app_id = ?::uuid", appId), "no usage record");
        Operator.given().get(account).then().body("balanceMinor", equalTo(1000));
        // what the request reserved went back, whatever the price in force (this database's may be 0)
        assertEquals(1, db.count("select count(*) from balance_entry where app_id = ?::uuid and kind = 'usage'", appId));
        assertEquals(1, db.count("select count(*) from balance_entry where app_id = ?::uuid and kind = 'refund'", appId),
                "refunded");
        assertEquals(1, db.count("select count(*) from trace_entry where operation = 'fusion.create' "
                + "and outcome <> 'ok' and app_id = ?::uuid", appId), "the refusal is traced");

        // moderation answers again: the same request succeeds and is charged once (at the price in force)
        app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion").then().statusCode(200);
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid and paid_with = 'balance'",
                appId));
        long price = db.count("select amount_minor from usage_record where app_id = ?::uuid", appId); // one row
        Operator.given().get(account).then().body("balanceMinor", equalTo((int) (1000 - price)));
    }

    /**
     * The labels come last before the records: the labelling function down there, the photo and the
     * output moderated already, the fusion still leaves nothing (no result, usage record or stored
     * media, the reservation refunded). Its refusal cannot reach the trace log while the function that
     * keeps it is down: it waits in {@code pending_trace_event}, and the labelling function's
     * {@link TraceOutbox} appends it once it runs again, marked as recorded late.
     */
    @Test
    void aFusionWhileLabellingIsDownIsRefusedAfterModerationAndLeavesNothing() throws Throwable {
        Operator.TestApp app = prepaidApp();
        String json = request(app, ",\"delivery\":\"stored\"");
        Db db = new Db(dataSource);
        String appId = app.appId().toString();
        labellingRelay.down();
        try {
            app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion").then().statusCode(503)
                    .contentType("application/problem+json").body("code", equalTo("DependencyUnavailable"));
        } finally {
            labellingRelay.up();
        }
        assertEquals(2, db.count("select count(*) from moderation_check where app_id = ?::uuid and role in "
                + "('user_photo', 'output') and verdict = 'pass'", appId), "the photo and the output passed");
        assertEquals(0, db.count("select count(*) from fusion_result where app_id = ?::uuid", appId), "no result");
        assertEquals(0, db.count("select count(*) from usage_record where app_id = ?::uuid", appId), "no usage record");
        assertEquals(1, db.count("select count(*) from balance_entry where app_id = ?::uuid and kind = 'refund'", appId),
                "refunded");
        assertEquals(0, TestMedia.files("results/" + app.appId()), "no stored media");

        String refusals = "select count(*) from trace_entry where operation = 'fusion.create' and app_id = ?::uuid "
                + "and outcome = 'DependencyUnavailable' and detail like '%recorded late%'";
        String waiting = "select count(*) from pending_trace_event where event like ?";
        assertEquals(0, db.count(refusals, appId));
        assertEquals(1, db.count(waiting, "%" + appId + "%"), "the refusal waits for the labelling function");
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals(1, db.count(refusals, appId), "and is traced once it answers");
        assertEquals(0, db.count(waiting, "%" + appId + "%"));
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals(1, db.count(refusals, appId), "once only");
    }

    /**
     * The labelling function unreachable only when the output leaves (its labels made, the result
     * recorded): the fusion answers, and its trace entries, kept with the result, are not lost: the
     * labelling function's outbox appends them a minute later, the label's held entry first.
     */
    @Test
    void aReleaseTheLabellingFunctionMissesIsTracedLate() throws Throwable {
        Operator.TestApp app = prepaidApp();
        String json = request(app, "");
        Db db = new Db(dataSource);
        labellingRelay.down("/internal/v1/trace-events/releases");
        String contentId;
        try {
            contentId = app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion").then().statusCode(200)
                    .extract().path("contentId");
        } finally {
            labellingRelay.up();
        }
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid", app.appId().toString()));
        String traced = "select string_agg(operation, ',' order by seq) from trace_entry where content_id = ?";
        assertNull(db.string(traced, contentId), "nothing traced yet");
        String kept = "select count(*) from pending_trace_event where receipt is not null and event like ?";
        assertEquals(1, db.count(kept, "%" + contentId + "%"), "kept with the result");

        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals(1, db.count(kept, "%" + contentId + "%"), "left to the fusion function for a minute");
        db.execute("update pending_trace_event set failed_at = failed_at - interval '2 minutes' where event like '%"
                + contentId + "%'");
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals("label.apply,fusion.create", db.string(traced, contentId), "then traced, the label first");
        assertEquals(1, db.count("select count(*) from trace_entry where content_id = ? and operation = 'fusion.create' "
                + "and detail like 'recorded late: the output was released at %'", contentId));
        assertEquals(0, db.count(kept, "%" + contentId + "%"));
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals("label.apply,fusion.create", db.string(traced, contentId), "once only");
    }

    /**
     * A kept release whose receipt the labelling function did not sign, a row that is not a trace
     * event at all, or one the append route would refuse (a blank actor, an operation outside its
     * pattern) is not traced: marked with why and left for people, and no later run takes it.
     */
    @Test
    void keptRowsTheOutboxCannotAppendAreMarkedAndLeft() throws Throwable {
        Db db = new Db(dataSource);
        String traced = "select string_agg(operation, ',' order by seq) from trace_entry where content_id = ?";
        String forged = UUID.randomUUID().toString();
        db.execute("insert into pending_trace_event (id, event, failed_at, receipt) values ('" + forged + "', "
                + "'{\"actor\":\"x\",\"operation\":\"fusion.create\",\"contentId\":\"ffc_forgedforge\",\"outcome\":\"ok\"}', "
                + "now() - interval '2 minutes', 'e30.AAAA')");
        String garbled = UUID.randomUUID().toString();
        db.execute("insert into pending_trace_event (id, event, failed_at) values ('" + garbled + "', 'not json', "
                + "now() - interval '3 minutes')");
        String invalid = UUID.randomUUID().toString();
        db.execute("insert into pending_trace_event (id, event, failed_at) values ('" + invalid + "', "
                + "'{\"actor\":\" \",\"operation\":\"Fusion Create\",\"contentId\":\"ffc_invalidinva\",\"outcome\":\"ok\"}', "
                + "now() - interval '4 minutes')");
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertNull(db.string(traced, "ffc_forgedforge"));
        assertNull(db.string(traced, "ffc_invalidinva"));
        String why = db.string("select refused from pending_trace_event where id = ?::uuid", invalid);
        assertTrue(why.startsWith("not a valid trace event: ") && why.contains("actor") && why.contains("operation"),
                why);
        assertEquals("the receipt does not verify", db.string("select refused from pending_trace_event where id = ?::uuid",
                forged));
        assertTrue(db.string("select refused from pending_trace_event where id = ?::uuid", garbled)
                .startsWith("not a trace event"));
        // taken again, a row would be marked again: a mark changed by hand stays as it is
        db.execute("update pending_trace_event set refused = 'seen by people' where id = '" + forged + "'");
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals("seen by people", db.string("select refused from pending_trace_event where id = ?::uuid", forged));
        db.execute("delete from pending_trace_event where id in ('" + forged + "', '" + garbled + "', '" + invalid + "')");
    }

    /**
     * What is traced besides fusion goes on while the labelling function, which keeps the trace log,
     * is down: a consent (traced inside its transaction), a template's upload and its deletion
     * (traced after theirs) answer as usual, their entries kept and appended late. Before, the first
     * was refused and the other two answered 503 for changes already made, their entries lost.
     */
    @Test
    void whatIsTracedGoesOnWhileLabellingIsDownAndIsTracedLate() throws Throwable {
        Operator.TestApp app = prepaidApp();
        Db db = new Db(dataSource);
        String appId = app.appId().toString();
        String template;
        labellingRelay.down();
        try {
            Moderation.consent(app, "zoe");
            template = upload(app);
            app.signer().request("DELETE", "/v1/templates/" + template, "").delete("/v1/templates/" + template)
                    .then().statusCode(204);
        } finally {
            labellingRelay.up();
        }
        assertEquals(1, db.count("select count(*) from consent_event where app_id = ?::uuid and subject_id = 'zoe'",
                appId), "the consent is recorded");
        assertEquals(0, db.count("select count(*) from template where id = ?::uuid", template), "and the template gone");
        String traced = "select string_agg(operation, ',' order by seq) from trace_entry where app_id = ?::uuid "
                + "and operation in ('consent.grant', 'template.upload', 'template.delete') and (subject_id is null "
                + "or subject_id = 'zoe')";
        assertNull(db.string(traced, appId));
        assertEquals(3, db.count("select count(*) from pending_trace_event where event like ?", "%" + appId + "%"));
        VertxContextSupport.subscribeAndAwait(() -> outbox.runJob());
        assertEquals("consent.grant,template.upload,template.delete", db.string(traced, appId), "traced late, in order");
        assertEquals(3, db.count("select count(*) from trace_entry where app_id = ?::uuid and detail like 'recorded late%'",
                appId));
        assertEquals(0, db.count("select count(*) from pending_trace_event where event like ?", "%" + appId + "%"));
    }

    /** A prepaid app (1,000 minor units) whose subject "ivy" consented. */
    private static Operator.TestApp prepaidApp() {
        Operator.TestApp app = Operator.createApp("outage-" + System.nanoTime());
        String account = "/v1/ops/billing/accounts/" + app.appId();
        Operator.given().contentType("application/json").body("{\"mode\":\"prepaid\"}").put(account + "/mode")
                .then().statusCode(200);
        Operator.given().contentType("application/json").body("{\"amountMinor\":1000,\"note\":\"invoice 8\"}")
                .post(account + "/top-ups").then().statusCode(200);
        Moderation.consent(app, "ivy");
        return app;
    }

    /** sample6, uploaded and approved while every function answers. */
    private static String upload(Operator.TestApp app) {
        String path = "/v1/templates?name=outage";
        return app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).body("status", equalTo("approved")).extract().path("id");
    }

    /** sample1 into a freshly uploaded template, for subject "ivy"; {@code more}: further members (",\"k\":v"). */
    private static String request(Operator.TestApp app, String more) {
        return "{\"templateId\":\"" + upload(app) + "\",\"subjectId\":\"ivy\"" + more + ",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample1")) + "\"}]}";
    }
}
