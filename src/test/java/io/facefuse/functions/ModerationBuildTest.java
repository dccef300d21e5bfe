package io.facefuse.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A build with {@code -Dfacefuse.function=moderation} serves moderation routes and no others. */
@QuarkusTest
@TestProfile(FunctionBuilds.Moderation.class)
class ModerationBuildTest {

    @Test
    void servesOnlyItsOwnRoutes() {
        assertEquals(200, Routes.moderation());
        Routes.assertAbsent("/v1/ops/apps");
        Routes.assertAbsent("/v1/app");
        Routes.assertAbsent("/v1/ops/trace/verification");
    }
}
