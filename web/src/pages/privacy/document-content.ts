/** A document's bytes between the browser and the API, which carries them in base64. */
import { api, unwrap } from "../../api/client";

/** The API's limit on a document's content (api/src/documents/document.routes.ts), checked first to say it plainly. */
export const MAX_DOCUMENT_MB = 4;

export function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A data URL is "data:<type>;base64,<content>": the content is what follows the first comma.
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
}

/** The media type as the API accepts it, or the generic one for a file the browser could not type. */
export function mediaTypeOf(file: Blob): string {
  const type = file.type.toLowerCase();
  return /^[a-z]+\/[a-z0-9.+-]+$/.test(type) ? type : "application/octet-stream";
}

/** Opens the document (decrypted and checked against its commitment by the API) and saves it under its name. */
export async function downloadDocument(id: string): Promise<void> {
  const doc = await unwrap(api.GET("/documents/{id}/content", { params: { path: { id } } }));
  const binary = atob(doc.content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: doc.mediaType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = doc.name;
  link.click();
  // The browser has taken the file once the click is handled; the URL is then only memory held.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "12.3 KB" for a size in bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes.toString()} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
