/**
 * The business registry port (国家企业信用信息公示系统 or a licensed gateway to it): what the market regulator holds
 * about an enterprise under its unified social credit code. Onboarding asks it before an application is taken.
 */
import type { Fen } from "../money";

/** 存续 (active), 吊销 (licence revoked), 注销 (deregistered). */
export type RegistrationStatus = "active" | "revoked" | "cancelled";

export const TAX_CREDIT_GRADES = ["A", "B", "M", "C", "D"] as const;
export type TaxCreditGrade = (typeof TAX_CREDIT_GRADES)[number];

export interface RegistryRecord {
  uscc: string;
  /** The registered Chinese name: the legal one an applicant must apply under. */
  name: string;
  legalRepresentative: string;
  registeredCapital: Fen;
  /** The establishment day, a calendar day in China (YYYY-MM-DD). */
  establishedOn: string;
  status: RegistrationStatus;
  /** The tax bureau's credit grade (纳税信用等级: A, B, M, C, D) where the registry's source carries it. */
  taxCreditGrade?: TaxCreditGrade | undefined;
}

export interface BusinessRegistry {
  /** The record, or undefined when the registry has no enterprise with the code; throws VerifierUnavailableError. */
  lookUp(uscc: string): Promise<RegistryRecord | undefined>;
}
