package io.titanicmq.plugins.report;

import com.google.gson.JsonObject;
import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import io.titanicmq.api.WorkerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves {@code report}: renders a PDF report from a dataset.
 *
 * <p>Request frame 0: JSON {@code {"title": "Sales", "columns": ["name", "qty"], "rows": [["a", 1]]}}
 * or CSV with a header row. Reply: frame 0 the PDF, frame 1 JSON
 * {@code {"pages": 3, "rows": 120, "columns": 2}}. Bad input fails terminally.
 *
 * <p>Config {@code titanic.plugins.report}: {@code max-input-size} (default 16MiB),
 * {@code max-rows} (default 200000).
 */
public final class ReportWorker implements Worker {

    private volatile DatasetReader reader;
    private volatile System.Logger log;

    @Override
    public String service() {
        return "report";
    }

    @Override
    public void start(WorkerContext context) {
        ReportSettings settings = ReportSettings.from(context);
        log = context.logger();
        reader = new DatasetReader(settings);
        log.log(System.Logger.Level.INFO, "report ready: max-input-size " + settings.maxInputSize()
                + " bytes, max-rows " + settings.maxRows());
    }

    @Override
    public List<byte[]> handle(Request request) throws WorkerException {
        DatasetReader in = reader;
        if (in == null) {
            throw WorkerException.retryable("report is not started");
        }
        if (request.frames().isEmpty()) {
            throw WorkerException.terminal("empty request: send a JSON or CSV dataset in frame 0");
        }
        Dataset data = in.read(request.frames().get(0));
        request.progress(0.1, "read " + data.rows().size() + " rows");
        ReportRenderer.Rendered pdf;
        try {
            pdf = new ReportRenderer().render(data);
        } catch (IOException e) {
            throw new WorkerException("cannot render the report: " + e.getMessage(), true, e);
        }
        JsonObject meta = new JsonObject();
        meta.addProperty("pages", pdf.pages());
        meta.addProperty("rows", data.rows().size());
        meta.addProperty("columns", data.columns().size());
        log.log(System.Logger.Level.DEBUG, "report '" + data.title() + "': " + meta);
        return List.of(pdf.pdf(), meta.toString().getBytes(StandardCharsets.UTF_8));
    }
}
