package io.facefuse.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A build with {@code -Dfacefuse.function=fusion} serves fusion routes and no others. */
@QuarkusTest
@TestProfile(FunctionBuilds.Fusion.class)
class FusionBuildTest {

    @Test
    void servesOnlyItsOwnRoutes() {
        assertEquals(200, Routes.fusion());
        Routes.assertAbsent("/internal/v1/policies/00000000-0000-0000-0000-000000000001");
        Routes.assertAbsent("/v1/ops/trace/verification");
    }
}
