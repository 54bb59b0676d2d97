{
  "targets": [
    {
      "target_name": "tcpdoctor_diag",
      "sources": ["addon.c", "diag_dump.c"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-pthread"],
      "ldflags": ["-pthread"]
    }
  ]
}
