package dev.freshet.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The routes of the catalog page: plain HTML, CSS and JavaScript from the starter's resources
 * ({@value #RESOURCES}), which read the feature sets' reports from {@code <path>/feature-sets.json} and filter them in
 * the browser. Nothing is loaded from elsewhere, and the page's Content-Security-Policy allows nothing else.
 *
 * <pre>
 * GET /freshet                    redirects to /freshet/
 * GET /freshet/                   the page
 * GET /freshet/catalog.js         its script; catalog.css, its style
 * GET /freshet/feature-sets.json  every feature set, as GET /actuator/freshet answers
 * </pre>
 */
final class FreshetCatalogPage {

    static final String RESOURCES = "META-INF/freshet/catalog-page/";
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private FreshetCatalogPage() {}

    /** The page at {@code path}, showing what {@code reports} says. */
    static RouterFunction<ServerResponse> routes(String path, FeatureSetReports reports) {
        String page = read("index.html");
        String script = read("catalog.js");
        String style = read("catalog.css");
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        return RouterFunctions.route()
                // Relative, so that it holds under any context path: /ctx/freshet -> /ctx/freshet/
                .GET(path, request -> ServerResponse.status(302).location(URI.create(lastSegment + "/")).build())
                .GET(path + "/", request -> text(page, MediaType.TEXT_HTML))
                .GET(path + "/catalog.js", request -> text(script, new MediaType("text", "javascript",
                        StandardCharsets.UTF_8)))
                .GET(path + "/catalog.css", request -> text(style, new MediaType("text", "css",
                        StandardCharsets.UTF_8)))
                .GET(path + "/feature-sets.json", request -> ServerResponse.ok()
                        .cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                        .body(reports.all()))
                .build();
    }

    private static ServerResponse text(String body, MediaType type) {
        return ServerResponse.ok().contentType(new MediaType(type, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .body(body);
    }

    private static String read(String name) {
        ClassPathResource resource = new ClassPathResource(RESOURCES + name, FreshetCatalogPage.class.getClassLoader());
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the catalog page's " + RESOURCES + name + " is missing from the starter's"
                    + " jar", e);
        }
    }
}
