package dev.freshet.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read-only catalog web page, under {@code freshet.catalog-page.*}.
 *
 * @param enabled Whether the application serves the catalog page (feature sets, their features and job status)
 * @param path    Path of the page in the application; its data is at {@code <path>/feature-sets.json}
 */
@ConfigurationProperties("freshet.catalog-page")
public record FreshetCatalogPageProperties(@DefaultValue("false") boolean enabled,
        @DefaultValue("/freshet") String path) {

    /** Checks the path: it starts with a slash and does not end with one. */
    public FreshetCatalogPageProperties {
        if (path == null || !path.startsWith("/") || path.length() > 1 && path.endsWith("/") || path.equals("/")) {
            throw new IllegalArgumentException("freshet.catalog-page.path \"" + path + "\" is not a page path: write"
                    + " one that starts with / and does not end with it, such as /freshet");
        }
    }
}
