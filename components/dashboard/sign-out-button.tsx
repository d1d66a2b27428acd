"use client";

import { useActionState } from "react";
import { signOutAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";
import { IDLE } from "@/lib/dashboard/form-state";

export function SignOutButton() {
  const [, action, pending] = useActionState(signOutAction, IDLE);
  return (
    <form action={action}>
      <Button type="submit" variant="ghost" disabled={pending} className="w-full justify-start px-3 py-1.5 whitespace-nowrap">
        Sign out
      </Button>
    </form>
  );
}
