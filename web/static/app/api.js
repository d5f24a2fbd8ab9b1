// The API client: bearer tokens kept in this tab's sessionStorage, one
// silent refresh when the access token expires, problem+json errors.

const store = window.sessionStorage;

export class Problem extends Error {
  constructor(status, body) {
    super((body && body.title) || `Error ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.errors = (body && body.errors) || [];
    this.duplicates = (body && body.duplicates) || [];
    this.rowErrors = (body && body.row_errors) || [];
  }
}

export function signedIn() {
  return !!store.getItem("access");
}

export function keepTokens(tokens) {
  store.setItem("access", tokens.access_token);
  store.setItem("refresh", tokens.refresh_token);
}

export function forget() {
  store.removeItem("access");
  store.removeItem("refresh");
}

let refreshing = null;

async function refresh() {
  const token = store.getItem("refresh");
  if (!token) return false;
  const res = await fetch("/api/v1/auth/refresh", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: token }),
  });
  if (!res.ok) {
    forget();
    return false;
  }
  keepTokens(await res.json());
  return true;
}

// request sends one API call. body may be an object (sent as JSON), a
// File/Blob (sent as is), FormData (sent as multipart/form-data) or
// undefined; opts.headers adds headers;
// opts.raw returns the Response instead of its JSON.
export async function request(method, path, body, opts = {}) {
  const send = () => {
    const headers = { ...(opts.headers || {}) };
    const access = store.getItem("access");
    if (access) headers.Authorization = `Bearer ${access}`;
    let payload;
    if (body instanceof FormData) {
      payload = body; // the browser sets the multipart boundary
    } else if (body instanceof Blob) {
      payload = body;
      headers["Content-Type"] = opts.contentType || body.type || "application/octet-stream";
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    return fetch(path, { method, headers, body: payload });
  };
  let res = await send();
  if (res.status === 401 && store.getItem("refresh") && !path.startsWith("/api/v1/auth/")) {
    refreshing = refreshing || refresh().finally(() => (refreshing = null));
    if (await refreshing) res = await send();
  }
  if (!res.ok) {
    let problem = null;
    try {
      problem = await res.json();
    } catch {
      problem = null;
    }
    const err = new Problem(res.status, problem);
    if (res.status === 401 && !path.startsWith("/api/v1/auth/login")) {
      forget();
      window.dispatchEvent(new CustomEvent("sintra:expired"));
    }
    throw err;
  }
  if (opts.raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

export const get = (path, opts) => request("GET", path, undefined, opts);
export const post = (path, body, opts) => request("POST", path, body, opts);
export const put = (path, body, opts) => request("PUT", path, body, opts);

// reasonHeaders are the headers that state why personal data is read.
export function reasonHeaders(reason) {
  const h = { "X-Motivo-Consulta": reason.code };
  if (reason.text) h["X-Motivo-Detalle"] = encodeURIComponent(reason.text);
  return h;
}

// download fetches a file with the session's token and saves it.
export async function download(path, filename, opts = {}) {
  const res = await request("GET", path, undefined, { ...opts, raw: true });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const catalogs = new Map();

// catalog returns a catalog's entries, fetched once per page load.
export async function catalog(name) {
  if (!catalogs.has(name)) {
    catalogs.set(name, get(`/api/v1/catalogos/${name}`).then((c) => c.entries));
  }
  return catalogs.get(name);
}

// forgetCatalog drops a catalog fetched before, once it has changed.
export function forgetCatalog(name) {
  catalogs.delete(name);
}
