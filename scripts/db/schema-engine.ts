// Prisma's schema engine (the component behind `prisma migrate`), loaded from its
// WebAssembly build (@prisma/schema-engine-wasm) instead of the native binary, which
// Prisma would otherwise download at run time. The wasm engine talks to the database
// through a driver adapter, here @prisma/adapter-pg, so it works the same against the
// embedded PGlite server and a real PostgreSQL.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

let initialised: Promise<void> | undefined;

// The package's own entry point imports the .wasm file as an ES module, which Node does
// not support without a flag, so we instantiate it the way wasm-bindgen's glue expects.
function initialiseWasm(): Promise<void> {
  initialised ??= (async () => {
    const glueUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasmPath = fileURLToPath(glueUrl).replace(/\.js$/, ".wasm");
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      "./schema_engine_bg.js": engineModule as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & {
      __wbindgen_start(): void;
    };
    engineModule.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return initialised;
}

export interface SchemaEngineOptions {
  /** Database the engine migrates. */
  url: string;
  /** Prisma schema file path and content. */
  schema: { path: string; content: string };
}

export interface OpenSchemaEngine extends AsyncDisposable {
  readonly engine: SchemaEngine;
}

export async function openSchemaEngine(options: SchemaEngineOptions): Promise<OpenSchemaEngine> {
  await initialiseWasm();
  const main = new PrismaPg({
    connectionString: options.url,
    max: 1,
    allowExitOnIdle: true,
  });
  // The engine does not close what it connects; an open pg pool would keep Node alive.
  const connected: { dispose(): Promise<void> }[] = [];
  const track = async <T extends { dispose(): Promise<void> }>(adapter: Promise<T>) => {
    const ready = await adapter;
    connected.push(ready);
    return ready;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => track(main.connect()),
    connectToShadowDb: () => track(main.connectToShadowDb()),
  };
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [[options.schema.path, options.schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    [Symbol.asyncDispose]: async () => {
      engine.free();
      await Promise.all(connected.map((adapter) => adapter.dispose()));
    },
  };
}
