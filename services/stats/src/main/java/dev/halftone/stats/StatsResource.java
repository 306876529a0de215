package dev.halftone.stats;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** The dashboard's Server-Sent Events: every job's events at {@code /events}, one job's at {@code /jobs/{id}/events}. */
@Path("/")
public class StatsResource {
    private final DashboardFeed feed;

    public StatsResource(DashboardFeed feed) {
        this.feed = feed;
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
