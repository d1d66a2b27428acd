"use client";

import { useActionState } from "react";
import { signOutAction } from "@/app/(dashboard)/actions";
import { Button } from "@/components/ui/button";
import { IDLE } from "@/lib/dashboard/form-state";

export function SignOutButton() {
  const [, action, pending] = useActionState(signOutAction, IDLE);
  return (
    <form action={action}>
      <Button type="submit" variant="ghost" disabled={pending} size="sm" className="whitespace-nowrap">
        Sign out
      </Button>
    </form>
  );
}
