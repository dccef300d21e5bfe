package io.facefuse.billing;

import io.facefuse.support.Db;
import io.facefuse.support.ImageEdits;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Metering and billing states through the Lambda path: prices by effective date, a prepaid app that
 * runs out mid-burst, refunds of failed fusions, statements, and postpaid arrears to suspension.
 */
@QuarkusTest
class BillingTest {

    @Inject
    DataSource dataSource;

    @Inject
    BillingService billing;

    private static boolean priced;

    @BeforeEach
    void prices() {
        if (priced) {
            return;
        }
        priced = true;
        // one price in force from now, and a dearer one that has not started yet
        addPrice(Instant.now().truncatedTo(ChronoUnit.MILLIS), 100).then().statusCode(201);
        addPrice(Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS), 500).then().statusCode(201);
    }

    @Test
    void aPrepaidAppRunsOutMidBurstAndExactlyThePaidForOutputsAreMade() throws Exception {
        Operator.TestApp app = Operator.createApp("prepaid-" + System.nanoTime());
        prepaid(app, 250, 1);
        Moderation.consent(app, "frank");
        String template = upload(app);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(pool.submit(() -> fuse(app, template, Photos.bytes("sample1"), "frank")));
        }
        int made = 0;
        int refused = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.statusCode() == 200) {
                made++;
            } else {
                assertEquals(402, response.statusCode(), response.asString());
                assertEquals("InsufficientBalance", response.path("code"));
                refused++;
            }
        }
        pool.shutdown();
        // one free unit, then two at 100 of the 250: the rest are refused
        assertEquals(3, made);
        assertEquals(2, refused);
        Db db = new Db(dataSource);
        assertEquals(3, db.count("select count(*) from usage_record where app_id = ?::uuid", app.appId().toString()));
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid and paid_with = 'free_units' "
                + "and amount_minor = 0", app.appId().toString()));
        assertEquals(2, db.count("select count(*) from usage_record where app_id = ?::uuid and paid_with = 'balance' "
                + "and amount_minor = 100 and price_version_id is not null", app.appId().toString()));
        app.signer().request("GET", "/v1/app/billing", "").get("/v1/app/billing").then().statusCode(200)
                .body("mode", equalTo("prepaid")).body("balanceMinor", equalTo(50)).body("freeUnits", equalTo(0));
        // the balance is the sum of its ledger
        assertEquals(50, db.count("select coalesce(sum(amount_minor), 0) from balance_entry where app_id = ?::uuid",
                app.appId().toString()));
        String month = "/v1/app/billing/statements/" + YearMonth.now(ZoneOffset.UTC);
        app.signer().request("GET", month, "").get(month).then().statusCode(200)
                .body("totalMinor", equalTo(200))
                .body("lines.find { it.paidWith == 'balance' }.units", equalTo(2))
                .body("lines.find { it.paidWith == 'free_units' }.units", equalTo(1));
    }

    @Test
    void aFailedFusionIsRefunded() {
        Operator.TestApp app = Operator.createApp("refund-" + System.nanoTime());
        prepaid(app, 100, 0);
        Moderation.consent(app, "gina");
        String template = upload(app);
        byte[] noFace = ImageEdits.noFaceJpeg();
        fuse(app, template, noFace, "gina").then().statusCode(422).body("code", equalTo("NoFaceDetected"));
        Operator.given().get("/v1/ops/billing/accounts/" + app.appId()).then().body("balanceMinor", equalTo(100));
        fuse(app, template, Photos.bytes("sample1"), "gina").then().statusCode(200);
        fuse(app, template, Photos.bytes("sample1"), "gina").then().statusCode(402).body("code", equalTo("InsufficientBalance"));
    }

    @Test
    void aPostpaidAppInArrearsIsRefusedThenSuspended() throws Throwable {
        Operator.TestApp app = Operator.createApp("postpaid-" + System.nanoTime());
        Moderation.consent(app, "hank");
        String template = upload(app);
        fuse(app, template, Photos.bytes("sample1"), "hank").then().statusCode(200);
        Db db = new Db(dataSource);
        assertEquals(1, db.count("select count(*) from usage_record where app_id = ?::uuid and paid_with = 'invoice' "
                + "and amount_minor = 100", app.appId().toString()));
        Operator.given().contentType("application/json").body("{\"inArrears\":true,\"note\":\"statement 2026-10 unpaid\"}")
                .post("/v1/ops/billing/accounts/" + app.appId() + "/arrears").then().statusCode(200);
        fuse(app, template, Photos.bytes("sample1"), "hank").then().statusCode(402).body("code", equalTo("AccountInArrears"));
        // past the grace period the app is suspended
        db.execute("update billing_account set arrears_since = now() - interval '16 days' where app_id = '" + app.appId() + "'");
        VertxContextSupport.subscribeAndAwait(() -> billing.suspendLongArrears());
        Operator.given().get("/v1/ops/apps/" + app.appId()).then().body("status", equalTo("suspended"));
        app.signer().request("GET", "/v1/app/billing", "").get("/v1/app/billing").then().statusCode(403)
                .body("code", equalTo("AppSuspended"));
    }

    @Test
    void badBillingRequestsChangeNothing() {
        Operator.TestApp app = Operator.createApp("bad-billing-" + System.nanoTime());
        Db db = new Db(dataSource);
        long prices = db.count("select count(*) from price_version");
        addPrice(Instant.now().minus(1, ChronoUnit.DAYS), 1).then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Operator.given().contentType("application/json").body("{\"service\":\"image_fusion\",\"unitPriceMinor\":1.5,"
                + "\"currency\":\"CNY\",\"effectiveFrom\":\"2030-01-01T00:00:00Z\"}").post("/v1/ops/billing/prices")
                .then().statusCode(400);
        // a postpaid account has no balance to top up
        Operator.given().contentType("application/json").body("{\"amountMinor\":100,\"note\":\"x\"}")
                .post("/v1/ops/billing/accounts/" + app.appId() + "/top-ups").then().statusCode(409).body("code", equalTo("Conflict"));
        Operator.given().contentType("application/json").body("{\"amountMinor\":-5,\"note\":\"x\"}")
                .post("/v1/ops/billing/accounts/" + app.appId() + "/top-ups").then().statusCode(400);
        String month = "/v1/app/billing/statements/2026-13";
        app.signer().request("GET", month, "").get(month).then().statusCode(400).body("code", equalTo("ValidationFailed"));
        assertEquals(prices, db.count("select count(*) from price_version"));
        assertEquals(0, db.count("select count(*) from billing_account where app_id = ?::uuid", app.appId().toString()));
        assertEquals(0, db.count("select count(*) from balance_entry where app_id = ?::uuid", app.appId().toString()));
    }

    private static Response addPrice(Instant from, long price) {
        return Operator.given().contentType("application/json").body("{\"service\":\"image_fusion\",\"unitPriceMinor\":" + price
                + ",\"currency\":\"CNY\",\"effectiveFrom\":\"" + from + "\"}").post("/v1/ops/billing/prices");
    }

    private static void prepaid(Operator.TestApp app, long balance, int freeUnits) {
        String account = "/v1/ops/billing/accounts/" + app.appId();
        Operator.given().contentType("application/json").body("{\"mode\":\"prepaid\"}").put(account + "/mode")
                .then().statusCode(200);
        Operator.given().contentType("application/json").body("{\"amountMinor\":" + balance + ",\"note\":\"invoice 7\"}")
                .post(account + "/top-ups").then().statusCode(200);
        if (freeUnits > 0) {
            Operator.given().contentType("application/json").body("{\"units\":" + freeUnits + ",\"note\":\"trial\"}")
                    .post(account + "/free-grants").then().statusCode(200);
        }
    }

    private static String upload(Operator.TestApp app) {
        String path = "/v1/templates?name=b" + System.nanoTime();
        return app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
    }

    private static Response fuse(Operator.TestApp app, String template, byte[] photo, String subject) {
        String json = "{\"templateId\":\"" + template + "\",\"subjectId\":\"" + subject + "\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(photo) + "\"}]}";
        return app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
    }
}
