import { redirect } from "next/navigation";

// The dashboard is the product; signed-out visitors are sent on to sign-in from there.
export default function Home() {
  redirect("/keys");
}
