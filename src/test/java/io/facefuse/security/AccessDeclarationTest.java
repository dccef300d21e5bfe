package io.facefuse.security;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every endpoint says who may call it. An endpoint without {@link Access} would fall back to app
 * signatures; this test makes forgetting the declaration a failing build instead.
 */
class AccessDeclarationTest {

    @Test
    void everyResourceMethodDeclaresItsAccess() throws Exception {
        List<String> undeclared = new ArrayList<>();
        List<Class<?>> resources = resourceClasses();
        assertFalse(resources.isEmpty(), "no resource classes found");
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                boolean endpoint = Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class)
                        .anyMatch(method::isAnnotationPresent);
                if (endpoint && !method.isAnnotationPresent(Access.class) && !resource.isAnnotationPresent(Access.class)) {
                    undeclared.add(resource.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertEquals(List.of(), undeclared);
    }

    @Test
    void onlyDeliberatelyPublicEndpointsArePublic() throws Exception {
        List<String> publicEndpoints = new ArrayList<>();
        for (Class<?> resource : resourceClasses()) {
            Access onClass = resource.getAnnotation(Access.class);
            for (Method method : resource.getDeclaredMethods()) {
                Access access = method.isAnnotationPresent(Access.class) ? method.getAnnotation(Access.class) : onClass;
                if (access != null && access.value() == Caller.Kind.PUBLIC) {
                    publicEndpoints.add(resource.getSimpleName() + "." + method.getName());
                }
            }
        }
        // DESIGN.md: only label detection and public reports (labelling) are public.
        publicEndpoints.sort(null);
        assertEquals(List.of("LabelResource.inspect", "ReportResource.file"), publicEndpoints);
    }

    private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target/classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (!name.startsWith("io.facefuse.")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, AccessDeclarationTest.class.getClassLoader());
                if (!type.isInterface() && type.isAnnotationPresent(jakarta.ws.rs.Path.class)) { // interfaces are REST clients
                    found.add(type);
                }
            }
        }
        return found;
    }
}
