package io.facefuse.apps;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A terminated app's data goes after its grace period, once, with a receipt. */
@QuarkusTest
class TerminatedAppsTest {

    @Inject
    DataSource dataSource;

    @Inject
    TerminatedApps terminated;

    @Test
    void aTerminatedAppsDataIsPurgedAfterItsGracePeriod() throws Throwable {
        Operator.TestApp app = Operator.createApp("ending-" + System.nanoTime());
        Moderation.consent(app, "jack");
        String path = "/v1/templates?name=last";
        String template = app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
        String json = "{\"templateId\":\"" + template + "\",\"subjectId\":\"jack\",\"delivery\":\"stored\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample1")) + "\"}]}";
        String fusion = app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion").then().statusCode(200)
                .extract().path("fusionId");
        Operator.given().contentType("application/json").body("{\"status\":\"terminated\",\"reason\":\"contract ended\"}")
                .post("/v1/ops/apps/" + app.appId() + "/status").then().statusCode(200);
        Db db = new Db(dataSource);

        // within the grace period nothing goes
        assertFalse(purge().contains(app.appId()));
        assertTrue(Files.exists(Path.of("target/test-media/templates/" + app.appId() + "/" + template)));

        db.execute("update app set updated_at = now() - interval '31 days' where id = '" + app.appId() + "'");
        assertTrue(purge().contains(app.appId()));
        assertEquals(0, db.count("select count(*) from template where app_id = ?::uuid", app.appId().toString()));
        assertFalse(Files.exists(Path.of("target/test-media/templates/" + app.appId() + "/" + template)));
        assertFalse(Files.exists(Path.of("target/test-media/results/" + app.appId() + "/" + fusion)));
        assertEquals(0, db.count("select count(*) from fusion_result where app_id = ?::uuid and subject_id is not null",
                app.appId().toString()));
        assertEquals(1, db.count("select count(*) from fusion_result where app_id = ?::uuid and content_id is not null",
                app.appId().toString()), "the record stays for the trace log");
        assertEquals(1, db.count("select count(*) from deletion_receipt where app_id = ?::uuid and trigger = 'app_terminated'",
                app.appId().toString()));
        // once only
        assertFalse(purge().contains(app.appId()));
        assertEquals(1, db.count("select count(*) from deletion_receipt where app_id = ?::uuid", app.appId().toString()));
    }

    private List<UUID> purge() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> terminated.purgeExpired(Instant.now()));
    }
}
