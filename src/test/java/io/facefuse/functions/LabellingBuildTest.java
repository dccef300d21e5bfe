package io.facefuse.functions;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A build with {@code -Dfacefuse.function=labelling} serves labelling routes and no others, and loads no model. */
@QuarkusTest
@TestProfile(FunctionBuilds.Labelling.class)
class LabellingBuildTest {

    @Test
    void servesOnlyItsOwnRoutes() {
        assertEquals(200, Routes.labelling());
        Routes.assertAbsent("/v1/ops/apps");
        Routes.assertAbsent("/v1/subjects/s/consents");
        Routes.assertAbsent("/internal/v1/policies/00000000-0000-0000-0000-000000000001");
    }

    @Test
    void loadsNoModel() {
        assertEquals(Set.of(), Routes.loadedModels());
    }
}
