import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** runner/images: recipes, versions.json and the shared build library. */
export const imagesDir = path.resolve(here, "../../images");
/** runner/manifests: add-on manifest templates. */
export const manifestsDir = path.resolve(here, "../../manifests");
