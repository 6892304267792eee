package dev.jollama.server.routes;

import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Errors;
import dev.jollama.server.store.Digests;
import dev.jollama.server.store.ModelStore;
import dev.jollama.server.store.StoreErrors;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * HEAD /api/blobs/:digest (200 present, 404 absent) and POST /api/blobs/:digest (201 stored, 200 already there,
 * 400 when the content does not hash to the digest; nothing is kept then). Digests are "sha256:<hex>" or
 * "sha256-<hex>", lower-case; anything else is 400 "invalid digest format".
 */
public final class BlobRoutes implements RouteGroup {
    private final ModelStore store;

    public BlobRoutes(ModelStore store) {
        this.store = store;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.head("/api/blobs/{digest}", this::head);
        routes.post("/api/blobs/{digest}", this::upload);
    }

    private static String digest(Context ctx) {
        String d = ctx.pathParam("digest");
        if (!Digests.isValid(d)) throw ApiException.badRequest("invalid digest format");
        return d;
    }

    private void head(Context ctx) {
        String d = digest(ctx);
        if (!store.hasBlob(d)) throw ApiException.notFound("blob \"" + d + "\" not found");
        ctx.status(200);
    }

    private void upload(Context ctx) throws IOException {
        String d = digest(ctx);
        try (InputStream body = ctx.req().getInputStream()) {
            if (store.hasBlob(d)) {
                // Read what the client sends anyway, so it gets its answer instead of a reset connection.
                body.transferTo(OutputStream.nullOutputStream());
                ctx.status(200);
                return;
            }
            store.putBlob(body, d);
        } catch (StoreErrors.DigestMismatchException e) {
            Errors.write(ctx, 400, "digest mismatch, expected \"" + d + "\", got \"" + e.actual() + "\"");
            return;
        }
        ctx.status(201);
    }
}
