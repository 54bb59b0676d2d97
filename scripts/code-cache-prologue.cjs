// code-cache-prologue.cjs - the first statements of the bundled CLI (scripts/bundle.mjs puts this
// file at the top of dist/cli/tcpdoctor.cjs). It compiles tcpdoctor's own chunks from the V8 code
// caches written beside them at build time (`chunks/NAME.cjs.v8`): V8 then skips parsing them and
// the first compile of every function the build's sample runs used. Measured on the 2-vCPU VM
// (docs/benchmarks.md): -4 ms on a live `--json`, -15 ms on a 1,000,000-line `--input`.
//
// A cache made by another Node version or with other V8 flags is rejected by V8 and the chunk is
// compiled from source as usual; a missing cache is the same. Only files under chunks/ go this way.
// With TCPDOCTOR_WRITE_CODE_CACHE=1 (scripts/bundle.mjs) the caches are (re)written at exit.
{
  const Module = require('node:module');
  const { readFileSync, writeFileSync } = require('node:fs');
  const { dirname, join, sep } = require('node:path');
  const { Script } = require('node:vm');
  const chunks = join(__dirname, 'chunks') + sep;
  const compiled = process.env.TCPDOCTOR_WRITE_CODE_CACHE === '1' ? [] : undefined;
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (typeof filename !== 'string' || !filename.startsWith(chunks) || !filename.endsWith('.cjs')) {
      // biome-ignore lint/complexity/noArguments: hand every argument on, whatever this Node passes
      return compile.apply(this, arguments);
    }
    let cachedData;
    try {
      cachedData = readFileSync(`${filename}.v8`);
    } catch {
      // no cache: compile from source
    }
    const script = new Script(
      `(function (exports, require, module, __filename, __dirname) {${content}\n});`,
      { filename, cachedData },
    );
    compiled?.push({ filename, script });
    const wrapper = script.runInThisContext();
    return wrapper.call(
      this.exports,
      this.exports,
      Module.createRequire(filename),
      this,
      filename,
      dirname(filename),
    );
  };
  if (compiled) {
    process.on('exit', () => {
      for (const { filename, script } of compiled) {
        try {
          writeFileSync(`${filename}.v8`, script.createCachedData());
        } catch {
          // a read-only install: run without caches
        }
      }
    });
  }
}
