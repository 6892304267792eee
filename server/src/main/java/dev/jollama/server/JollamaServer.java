package dev.jollama.server;

import dev.jollama.server.compat.anthropic.AnthropicRoutes;
import dev.jollama.server.compat.openai.OpenAiRoutes;
import dev.jollama.server.http.ApiException;
import dev.jollama.server.http.Cors;
import dev.jollama.server.http.Errors;
import dev.jollama.server.http.GinRouting;
import dev.jollama.server.http.HostGuard;
import dev.jollama.server.routes.BlobRoutes;
import dev.jollama.server.create.CreateRoute;
import dev.jollama.server.routes.GeneralRoutes;
import dev.jollama.server.routes.InferenceRoutes;
import dev.jollama.server.routes.ModelRoutes;
import dev.jollama.server.routes.RouteGroup;
import dev.jollama.server.model.ModelCatalog;
import dev.jollama.server.registry.RegistryRoutes;
import dev.jollama.server.sched.EngineLoader;
import dev.jollama.server.sched.Scheduler;
import dev.jollama.server.store.ModelStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The jollama HTTP server: Ollama's API on Javalin (Jetty 12, virtual threads). Start with
 * {@link #start(ServerConfig)}; {@link #port()} tells where it listens (OLLAMA_HOST with port 0 picks a free one).
 */
public final class JollamaServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JollamaServer.class);

    private final ServerConfig config;
    private final ModelStore store;
    private final Javalin app;
    private final Scheduler scheduler;

    private JollamaServer(ServerConfig config, ModelStore store, Javalin app, Scheduler scheduler) {
        this.config = config;
        this.store = store;
        this.app = app;
        this.scheduler = scheduler;
    }

    /**
     * Sets slf4j-simple's level from OLLAMA_DEBUG (info, 1 = debug, 2 = trace); call before the first log line.
     * An explicit -Dorg.slf4j.simpleLogger.defaultLogLevel wins.
     */
    public static void configureLogging(ServerConfig config) {
        String level = switch (config.debugLevel()) {
            case 0 -> "info";
            case 1 -> "debug";
            default -> "trace";
        };
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        // Jetty's and Javalin's start-up chatter is only wanted when debugging them (trace).
        if (config.debugLevel() < 2) {
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
        }
    }

    /** Prepares the store (prune, built-in model) and starts listening. */
    public static JollamaServer start(ServerConfig config) {
        for (String w : config.warnings()) log.warn(w);
        ModelStore store = new ModelStore(config.models());
        StoreStartup.prepare(store, config);
        ModelCatalog catalog = new ModelCatalog(store);
        Scheduler scheduler = new Scheduler(config, catalog, new EngineLoader(EngineLoader.kvCacheType(config.kvCacheType(), config.flashAttention())));
        Services services = new Services(config, store, catalog, scheduler);
        InferenceRoutes nativeRoutes = new InferenceRoutes(services, scheduler);
        NativeInference inference = nativeRoutes.inference();
        List<RouteGroup> groups = List.of(new GeneralRoutes(config), new ModelRoutes(services), new BlobRoutes(store), new CreateRoute(services),
                new RegistryRoutes(services), nativeRoutes, new OpenAiRoutes(services, inference), new AnthropicRoutes(services, inference));
        Cors cors = new Cors(config.extraOrigins());
        HostGuard hostGuard = new HostGuard(config.host().isLoopback());
        AtomicReference<GinRouting> routing = new AtomicReference<>();
        Javalin app = Javalin.create(c -> configure(c, cors, hostGuard, routing::get, groups));
        routing.set(new GinRouting(app.unsafe.internalRouter.allHttpHandlers()));
        String host = config.host().host();
        app.start(host.isEmpty() ? null : host, config.host().port());
        log.info("Listening on {}:{} (version {}), models in {}", host.isEmpty() ? "*" : host, app.port(), Version.OLLAMA_API, store.root());
        return new JollamaServer(config, store, app, scheduler);
    }

    private static void configure(JavalinConfig c, Cors cors, HostGuard hostGuard, Supplier<GinRouting> routing, List<RouteGroup> groups) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.concurrency.useVirtualThreads = true;
        c.http.compressionStrategy = CompressionStrategy.NONE;
        c.http.prefer405over404 = true;
        c.router.ignoreTrailingSlashes = false;
        c.http.maxRequestSize = Long.MAX_VALUE;
        c.http.generateEtags = false;
        c.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
        // gin redirects before its middleware runs, and runs the middleware (CORS, Host guard) before a 404 or 405.
        c.routes.before(ctx -> {
            if (routing.get().redirect(ctx) || cors.handle(ctx) || hostGuard.handle(ctx) || routing.get().headWithoutRoute(ctx)) {
                ctx.skipRemainingHandlers();
            }
        });
        for (RouteGroup g : groups) g.register(c.routes);
        c.routes.exception(ApiException.class, (e, ctx) -> Errors.write(ctx, e.status(), e.getMessage()));
        c.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) routing.get().methodNotAllowed(ctx);
            else plain(ctx, e.getStatus());
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            log.warn("{} {} failed", ctx.method(), ctx.path(), e);
            Errors.write(ctx, 500, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        });
    }

    /** gin's plain-text answer for an unknown path. */
    private static void plain(io.javalin.http.Context ctx, int status) {
        String text = status == 404 ? "404 page not found" : status + "";
        ctx.status(status).contentType("text/plain").result(text);
    }

    public int port() {
        return app.port();
    }

    public ModelStore store() {
        return store;
    }

    public ServerConfig config() {
        return config;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Stops listening, then unloads every model. */
    @Override
    public void close() {
        app.stop();
        scheduler.close();
    }
}
