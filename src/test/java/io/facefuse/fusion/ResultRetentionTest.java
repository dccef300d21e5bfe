package io.facefuse.fusion;

import io.facefuse.support.Db;
import io.facefuse.support.Moderation;
import io.facefuse.support.Operator;
import io.facefuse.support.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retention purge removes exactly the expired result images, once, however many run at once. */
@QuarkusTest
class ResultRetentionTest {

    @Inject
    DataSource dataSource;

    @Inject
    ResultRetention retention;

    @Test
    void aPurgeRemovesExactlyTheExpiredImagesAndIsIdempotent() throws Throwable {
        Operator.TestApp app = Operator.createApp("retention-" + System.nanoTime());
        Moderation.consent(app, "erin");
        String path = "/v1/templates?name=r";
        String template = app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
        Response expired = fuse(app, template);
        Response kept = fuse(app, template);
        Path media = Path.of("target/test-media/results/" + app.appId());
        Path expiredImage = media.resolve(expired.<String>path("fusionId"));
        Path keptImage = media.resolve(kept.<String>path("fusionId"));
        Db db = new Db(dataSource);
        db.execute("update fusion_result set expires_at = now() - interval '1 minute' where id = '" + expired.path("fusionId") + "'");
        // an image no record points at: old ones go, one being written now stays
        Path oldOrphan = media.resolve("orphan-old");
        Path newOrphan = media.resolve("orphan-new");
        Files.write(oldOrphan, new byte[]{1});
        Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.write(newOrphan, new byte[]{1});

        ResultRetention.Purged purged = purge();
        assertEquals(1, purged.expired());
        assertTrue(purged.orphans() >= 1);
        assertFalse(Files.exists(expiredImage));
        assertTrue(Files.exists(keptImage));
        assertFalse(Files.exists(oldOrphan));
        assertTrue(Files.exists(newOrphan));
        assertEquals(1, db.count("select count(*) from fusion_result where id = ?::uuid and media_key is null "
                + "and content_id is not null", expired.<String>path("fusionId")));
        String url = expired.path("resultUrl");
        app.signer().request("GET", url, "").get(url).then().statusCode(410).body("code", equalTo("ResultExpired"));
        String keptUrl = kept.path("resultUrl");
        app.signer().request("GET", keptUrl, "").get(keptUrl).then().statusCode(200);

        assertEquals(0, purge().expired(), "nothing left to do the second time");
        // two purges at once share the work: the one newly expired image is removed once
        db.execute("update fusion_result set expires_at = now() - interval '1 minute' where id = '" + kept.path("fusionId") + "'");
        // (each on its own Vert.x context and database session, as two instances would be)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<ResultRetention.Purged>> both = pool.invokeAll(List.of(this::purge, this::purge));
        pool.shutdown();
        assertEquals(1, both.get(0).get().expired() + both.get(1).get().expired());
        assertFalse(Files.exists(keptImage));
        Files.deleteIfExists(newOrphan);
    }

    @Test
    void anOperatorSetsHowLongAnAppsResultsAreKept() {
        Operator.TestApp app = Operator.createApp("short-" + System.nanoTime());
        Operator.given().contentType("application/json").body("{\"resultDays\":1,\"reason\":\"app asked\"}")
                .post("/v1/ops/apps/" + app.appId() + "/retention").then().statusCode(200);
        Operator.given().contentType("application/json").body("{\"resultDays\":90,\"reason\":\"too long\"}")
                .post("/v1/ops/apps/" + app.appId() + "/retention").then().statusCode(400).body("code", equalTo("ValidationFailed"));
        Moderation.consent(app, "erin");
        String path = "/v1/templates?name=s";
        String template = app.signer().request("POST", path, Photos.bytes("sample6"), "image/jpeg").post(path)
                .then().statusCode(201).extract().path("id");
        String id = fuse(app, template).path("fusionId");
        assertEquals(1, new Db(dataSource).count("select count(*) from fusion_result where id = ?::uuid "
                + "and expires_at - created_at = interval '1 day'", id));
    }

    private ResultRetention.Purged purge() throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> retention.purge(Instant.now()));
        } catch (Throwable e) {
            throw new Exception(e);
        }
    }

    private static Response fuse(Operator.TestApp app, String template) {
        String json = "{\"templateId\":\"" + template + "\",\"subjectId\":\"erin\",\"delivery\":\"stored\",\"items\":[{\"image\":\""
                + Base64.getEncoder().encodeToString(Photos.bytes("sample1")) + "\"}]}";
        Response response = app.signer().request("POST", "/v1/fusion", json).post("/v1/fusion");
        response.then().statusCode(200);
        return response;
    }
}
