package io.facefuse.trace;

import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hash-chained trace log: appends, verification, and edits behind the API's back. */
@QuarkusTest
class TraceLogTest {

    private static final String DISABLE = "alter table trace_entry disable trigger trace_entry_append_only";
    private static final String ENABLE = "alter table trace_entry enable trigger trace_entry_append_only";

    @Inject
    DataSource dataSource;

    @Test
    void anUntouchedChainVerifies() {
        appendEvents(3);
        Operator.given().get("/v1/ops/trace/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void editingAnEntryBehindTheApisBackBreaksVerificationAtThatEntry() {
        Db db = new Db(dataSource);
        appendEvents(3);
        long victim = db.count("select max(seq) from trace_entry") - 1;
        String original = db.string("select outcome from trace_entry where seq = ?", victim);
        db.execute(DISABLE, "update trace_entry set outcome = 'forged' where seq = " + victim, ENABLE);
        try {
            Operator.given().get("/v1/ops/trace/verification").then().statusCode(200)
                    .body("valid", equalTo(false))
                    .body("firstBrokenSeq", equalTo((int) victim))
                    .body("reason", equalTo("the entry's contents do not match its hash"));
        } finally {
            db.execute(DISABLE, "update trace_entry set outcome = '" + original + "' where seq = " + victim, ENABLE);
        }
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));
    }

    @Test
    void deletingAnEntryOrTheTailIsDetected() {
        Db db = new Db(dataSource);
        appendEvents(3);
        long last = db.count("select max(seq) from trace_entry");
        long middle = last - 1;
        db.execute("create table trace_backup as select * from trace_entry where seq >= " + middle,
                DISABLE, "delete from trace_entry where seq = " + middle, ENABLE);
        try {
            Operator.given().get("/v1/ops/trace/verification").then()
                    .body("valid", equalTo(false))
                    .body("firstBrokenSeq", equalTo((int) last))
                    .body("reason", startsWith("entries " + middle + " to " + middle + " are missing"));
            db.execute(DISABLE, "delete from trace_entry where seq = " + last,
                    "insert into trace_entry select * from trace_backup where seq = " + middle, ENABLE);
            // the chain up to `middle` is whole again, but the head remembers `last`
            Operator.given().get("/v1/ops/trace/verification").then()
                    .body("valid", equalTo(false))
                    .body("firstBrokenSeq", equalTo((int) last))
                    .body("reason", startsWith("the chain head records entry " + last));
        } finally {
            db.execute(DISABLE, "delete from trace_entry where seq >= " + middle,
                    "insert into trace_entry select * from trace_backup", "drop table trace_backup", ENABLE);
        }
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));
    }

    @Test
    void theDatabaseRefusesUpdatesAndDeletesFromTheApplication() {
        Db db = new Db(dataSource);
        appendEvents(1);
        long last = db.count("select max(seq) from trace_entry");
        IllegalStateException update = assertThrows(IllegalStateException.class,
                () -> db.execute("update trace_entry set outcome = 'x' where seq = " + last));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        assertThrows(IllegalStateException.class, () -> db.execute("delete from trace_entry where seq = " + last));
    }

    @Test
    void concurrentAppendsFormOneUnbrokenChain() throws Exception {
        Db db = new Db(dataSource);
        long before = db.count("select max(seq) from trace_entry");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                // straight to the loopback listener, which serves requests concurrently
                results.add(pool.submit(() -> RestAssured.given().port(8091)
                        .header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN)
                        .contentType(ContentType.JSON)
                        .body("{\"actor\":\"test\",\"operation\":\"test.concurrent\",\"outcome\":\"ok\",\"detail\":\"" + n + "\"}")
                        .post("/internal/v1/trace-events").statusCode()));
            }
            for (Future<Integer> result : results) {
                assertEquals(201, result.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 40, db.count("select max(seq) from trace_entry"));
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));
    }

    @Inject
    TraceLog traceLog;

    @Test
    void aPurgeRemovesOldEntriesAndTheChainStillVerifiesButAnUnrecordedDeletionDoesNot() throws Throwable {
        Db db = new Db(dataSource);
        appendEvents(3);
        long newest = db.count("select max(seq) from trace_entry");
        int purged = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(
                () -> traceLog.purgeBefore(java.time.Instant.now().plusSeconds(60)));
        assertTrue(purged >= 2, "purged " + purged); // at least two of the three just appended
        // the newest entry stays, and the purge says what it removed
        assertEquals(newest, db.count("select min(seq) from trace_entry"));
        assertEquals("purged-through " + (newest - 1),
                db.string("select detail from trace_entry where operation = 'trace.purge' order by seq desc limit 1"));
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));

        // deleting the oldest remaining entry without a purge record is tampering
        appendEvents(1);
        long oldest = db.count("select min(seq) from trace_entry");
        db.execute("create table trace_oldest as select * from trace_entry where seq = " + oldest,
                DISABLE, "delete from trace_entry where seq = " + oldest, ENABLE);
        try {
            Operator.given().get("/v1/ops/trace/verification").then()
                    .body("valid", equalTo(false))
                    .body("reason", org.hamcrest.Matchers.containsString("no purge removed them"));
        } finally {
            db.execute(DISABLE, "insert into trace_entry select * from trace_oldest", "drop table trace_oldest", ENABLE);
        }
        Operator.given().get("/v1/ops/trace/verification").then().body("valid", equalTo(true));
    }

    @Test
    void theApplicationCannotDeleteOutsideAPurge() {
        Db db = new Db(dataSource);
        appendEvents(1);
        long last = db.count("select max(seq) from trace_entry");
        assertThrows(IllegalStateException.class,
                () -> db.execute("set facefuse.trace_purge = 'off'", "delete from trace_entry where seq = " + last));
    }

    @Test
    void entriesCanBeLookedUpByAppAndSubject() {
        Operator.TestApp app = Operator.createApp("trace-lookup");
        Operator.given().queryParam("appId", app.appId().toString()).get("/v1/ops/trace/entries")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].operation", equalTo("app.create"))
                .body("[0].actor", equalTo("operator:tester"));
    }

    @Test
    void traceEventsNeedTheServiceToken() {
        String event = "{\"actor\":\"x\",\"operation\":\"forged.event\",\"outcome\":\"ok\"}";
        RestAssured.given().contentType(ContentType.JSON).body(event).post("/internal/v1/trace-events")
                .then().statusCode(401).body("code", equalTo("ServiceCredentialRequired"));
        Operator.given().contentType(ContentType.JSON).body(event).post("/internal/v1/trace-events")
                .then().statusCode(401).body("code", equalTo("ServiceCredentialRequired"));
        RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType(ContentType.JSON)
                .body("{\"actor\":\"x\",\"operation\":\"Bad Op\",\"outcome\":\"ok\",\"inputHash\":\"abc\"}")
                .post("/internal/v1/trace-events")
                .then().statusCode(400).body("code", equalTo("ValidationFailed"));
        assertEquals(0, new Db(dataSource).count("select count(*) from trace_entry where operation = 'forged.event'"));
    }

    private static void appendEvents(int count) {
        for (int i = 0; i < count; i++) {
            RestAssured.given().header("X-Facefuse-Service-Token", Operator.SERVICE_TOKEN).contentType(ContentType.JSON)
                    .body("{\"actor\":\"test\",\"operation\":\"test.event\",\"outcome\":\"ok\",\"detail\":\"" + i + "\"}")
                    .post("/internal/v1/trace-events").then().statusCode(201);
        }
    }
}
