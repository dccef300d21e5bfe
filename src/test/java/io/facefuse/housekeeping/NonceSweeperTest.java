package io.facefuse.housekeeping;

import io.facefuse.support.Db;
import io.facefuse.support.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class NonceSweeperTest {

    @Inject
    DataSource dataSource;

    @Inject
    NonceSweeper sweeper;

    @Test
    void forgetsOnlyNoncesOlderThanTheCutoff() throws Throwable {
        Db db = new Db(dataSource);
        Operator.TestApp app = Operator.createApp("sweeper");
        app.signer().request("GET", "/v1/app", null).get("/v1/app").then().statusCode(200);
        String keyId = app.signer().keyId();
        db.execute("insert into request_nonce (key_id, nonce, seen_at) values ('" + keyId
                + "', 'old-nonce-0000000000', now() - interval '1 hour')");
        assertEquals(2, db.count("select count(*) from request_nonce where key_id = ?", keyId));

        VertxContextSupport.subscribeAndAwait(() -> sweeper.sweepOlderThan(Instant.now().minusSeconds(600)));

        assertEquals(1, db.count("select count(*) from request_nonce where key_id = ?", keyId));
        assertEquals(0, db.count("select count(*) from request_nonce where nonce = 'old-nonce-0000000000'"));
    }
}
