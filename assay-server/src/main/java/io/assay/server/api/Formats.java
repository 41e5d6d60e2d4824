package io.assay.server.api;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.export.ResultFormat;
import io.javalin.http.Context;

import java.util.Locale;
import java.util.Optional;

/** Which result format a request asks for: the {@code format} field or parameter, else the Accept header. */
final class Formats {

    private Formats() {
    }

    /** The formats the API offers for results, {@code json} being the API's own shape. */
    enum Api {
        JSON(null, "application/json", "json"),
        CSV(ResultFormat.CSV, "text/csv; charset=utf-8", "csv"),
        NDJSON(ResultFormat.NDJSON, "application/x-ndjson", "ndjson"),
        PARQUET(ResultFormat.PARQUET, "application/vnd.apache.parquet", "parquet"),
        XLSX(ResultFormat.XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

        final ResultFormat platform;
        final String mediaType;
        final String extension;

        Api(ResultFormat platform, String mediaType, String extension) {
            this.platform = platform;
            this.mediaType = mediaType;
            this.extension = extension;
        }
    }

    static Api of(Context ctx, Optional<String> explicit) {
        if (explicit.isPresent()) {
            try {
                return Api.valueOf(explicit.get().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw AssayException.of(ErrorCode.INVALID_INPUT, "'" + explicit.get() + "' is not a result format.")
                        .hint("Give one of json, csv, ndjson, parquet, xlsx.").detail("parameter", "format").build();
            }
        }
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("").toLowerCase(Locale.ROOT);
        for (Api a : Api.values()) {
            if (a != Api.JSON && accept.contains(a.mediaType.split(";")[0])) {
                return a;
            }
        }
        return Api.JSON;
    }

    static void attachment(Context ctx, String baseName, Api format) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + baseName.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension + "\"");
    }
}
