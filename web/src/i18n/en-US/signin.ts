import type { Catalogue } from "../keys";

export const signin = {
  "signin.title": "Sign in to the supply-chain finance platform",
  "signin.subtitle": "For core enterprises, suppliers, banks, the operator and the regulator",
  "signin.email": "Email",
  "signin.email.invalid": "Enter a valid email address",
  "signin.password": "Password",
  "signin.password.required": "Enter your password",
  "signin.newcomer": "Not on the platform yet?",
  "signin.apply": "Apply to join",
  "signin.back": "Back to sign-in",
  "signin.submit": "Sign in",
} satisfies Catalogue<"signin">;
