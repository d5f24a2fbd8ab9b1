// Today's date as the server reckons it in Quintana Roo: the one source of
// "today" for every form, whatever the browser's clock or time zone. The
// server's instant is asked once; the browser's clock only measures the time
// elapsed since, so a tab left open past midnight still knows the date.

import { get } from "./api.js";

export const zone = "America/Cancun";

// offset is the server's clock minus the browser's, in milliseconds.
let offset = null;

async function sync() {
  const sent = Date.now();
  const f = await get("/api/v1/fecha");
  offset = Date.parse(f.now) - (sent + Date.now()) / 2;
}

const dateInZone = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });

// today resolves with today's date in Quintana Roo, as YYYY-MM-DD.
export async function today() {
  if (offset === null) await sync();
  return dateInZone.format(new Date(Date.now() + offset));
}

// forget drops the server's time, to be asked again after the next sign-in.
export function forget() {
  offset = null;
}
