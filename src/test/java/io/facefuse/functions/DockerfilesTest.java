package io.facefuse.functions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container images, read without Docker (none can be built on these machines): every path the
 * function is told about in its environment is one the image copies in, what is copied from the
 * repository exists, the JPEG codec's library is the one the OpenCV jar of this build carries, and
 * the JVM image runs as a user of its own.
 */
class DockerfilesTest {

    private static final List<Path> IMAGES = List.of(Path.of("src/main/docker/Dockerfile.jvm-lambda"),
            Path.of("src/main/docker/Dockerfile.native-lambda"));
    private static final List<String> PATH_VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "FACEFUSE_MODELS_DIR",
            "FACEFUSE_OPENCV_LIBRARY");

    /** The final stage's copies (destination to source, not from other stages), environment and user. */
    record Image(Map<String, String> copies, Map<String, String> env, String user) {
    }

    @Test
    void everyPathGivenToTheFunctionIsCopiedIn() throws IOException {
        for (Path file : IMAGES) {
            Image image = parse(file);
            for (String variable : PATH_VARIABLES) {
                String path = image.env().get(variable);
                assertNotNull(path, file + " sets " + variable);
                assertTrue(image.copies().keySet().stream().anyMatch(to -> path.equals(to) || path.startsWith(to + "/")),
                        file + ": " + variable + "=" + path + " is not among what the image copies in: "
                                + image.copies().keySet());
            }
        }
    }

    @Test
    void whatIsCopiedFromTheRepositoryExists() throws IOException {
        for (Path file : IMAGES) {
            for (String from : parse(file).copies().values()) {
                if (!from.startsWith("target/")) { // what the tools/ scripts build first
                    assertTrue(Files.exists(Path.of(from)), file + " copies " + from);
                }
            }
        }
    }

    @Test
    void theCodecLibraryIsTheOneThisBuildsOpenCvJarCarries() throws IOException {
        String unpack = Files.readString(Path.of("tools/unpack-native-libraries"));
        for (Path file : IMAGES) {
            String library = Path.of(parse(file).env().get("FACEFUSE_OPENCV_LIBRARY")).getFileName().toString();
            assertNotNull(getClass().getClassLoader().getResource("nu/pattern/opencv/linux/x86_64/" + library),
                    file + ": the OpenCV jar on the class path has no " + library);
            assertTrue(unpack.contains(library), "tools/unpack-native-libraries unpacks " + library);
        }
    }

    @Test
    void theJvmImageRunsAsAUserOfItsOwn() throws IOException {
        String user = parse(IMAGES.getFirst()).user();
        assertNotNull(user, "a USER in the final stage");
        assertFalse(user.equals("root") || user.equals("0"), "USER " + user);
    }

    /** The last stage of a Dockerfile, continuation lines joined. */
    static Image parse(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("\\\\\\n", " ");
        Map<String, String> copies = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        String user = null;
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.startsWith("FROM ")) {
                copies.clear();
                env.clear();
                user = null;
            } else if (line.startsWith("COPY ") && !line.contains("--from=")) {
                List<String> words = new ArrayList<>(List.of(line.substring(5).strip().split("\\s+")));
                words.removeIf(word -> word.startsWith("--"));
                copies.put(words.getLast(), words.getFirst());
            } else if (line.startsWith("ENV ")) {
                Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
                while (pair.find()) {
                    env.put(pair.group(1), pair.group(2));
                }
            } else if (line.startsWith("USER ")) {
                user = line.substring(5).strip();
            }
        }
        return new Image(copies, env, user);
    }
}
