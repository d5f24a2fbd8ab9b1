// The signed-in session: who is signed in and the roles they hold, as
// GET /api/v1/me answers, asked once per sign-in and forgotten at sign-out.
// Pages read it from here; the router in main.js loads and drops it.

import * as api from "./api.js";
import * as clock from "./clock.js";

let me = null;

// load resolves with the answer of GET /api/v1/me, asked once per sign-in.
export async function load() {
  if (!me) me = await api.get("/api/v1/me");
  return me;
}

// forget drops who was signed in, to be asked again.
export function forget() {
  me = null;
}

// signOut ends the session at the server and forgets it here.
export async function signOut() {
  try {
    await api.post("/api/v1/auth/logout");
  } catch {
    // The session may be over already; forget it either way.
  }
  api.forget();
  clock.forget();
  forget();
}

// user is the signed-in account, or null.
export function user() {
  return me && me.user;
}

// roles lists the signed-in user's roles, in any municipio.
export function roles() {
  return me ? me.user.roles.map((r) => r.role) : [];
}

// hasRole says whether the signed-in user holds any of the wanted roles.
export function hasRole(...wanted) {
  return roles().some((r) => wanted.includes(r));
}
