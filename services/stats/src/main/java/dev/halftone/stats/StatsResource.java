package dev.halftone.stats;

import dev.halftone.platform.MissingObjectException;
import dev.halftone.platform.ObjectKeys;
import dev.halftone.platform.ObjectStore;
import dev.halftone.schemas.ObjectLocation;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * The dashboard's data: Server-Sent Events (every job's at {@code /events}, one job's at {@code /jobs/{id}/events})
 * and the generated images it shows, read from the images bucket only.
 */
@Path("/")
public class StatsResource {
    private final DashboardFeed feed;
    private final ObjectStore store;
    private final ObjectKeys keys;

    public StatsResource(DashboardFeed feed, ObjectStore store, ObjectKeys keys) {
        this.feed = feed;
        this.store = store;
        this.keys = keys;
    }

    @GET
    @Path("images/{bucket}/{key: .+}")
    @Produces("image/png")
    public Response image(@PathParam("bucket") String bucket, @PathParam("key") String key) {
        if (!bucket.equals(keys.buckets().images())) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try {
            // ObjectLocation and the key rules refuse '..' and friends, so no other object is reachable
            return Response.ok(store.get(ObjectKeys.under(new ObjectLocation(bucket, "jobs"), key))).build();
        } catch (IllegalArgumentException | MissingObjectException e) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        return feed.stream(null).map(entry -> event(sse, entry));
    }

    @GET
    @Path("jobs/{jobId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> jobEvents(@PathParam("jobId") String jobId, @Context Sse sse) {
        return feed.stream(jobId).map(entry -> event(sse, entry));
    }

    private static OutboundSseEvent event(Sse sse, DashboardFeed.Entry entry) {
        return sse.newEventBuilder().name(entry.name()).data(entry.json()).mediaType(MediaType.TEXT_PLAIN_TYPE).build();
    }
}
