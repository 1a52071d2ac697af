package io.qforge.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.qforge.engine.config.json.StrictJson;
import io.qforge.engine.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code report.html}: one self-contained page (no network, no files beside it) that draws the
 * run's {@code report.json}, embedded in it, as SVG charts. After drawing, the page sets
 * {@code data-charts-rendered} on its body to the number of charts that have marks in them.
 */
public final class ReportPage {

    private static final String PLACEHOLDER = "/*REPORT_DATA*/";

    private ReportPage() {}

    public static void write(Path file, JsonNode report) throws IOException {
        String template;
        try (InputStream in = ReportPage.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html template is missing from the qforge-engine jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // "</" would end the script element early; "<\/" is the same string in JSON.
        String data = StrictJson.mapper().writeValueAsString(report).replace("</", "<\\/");
        byte[] page = template.replace(PLACEHOLDER, data).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(page));
    }
}
