// The shim's own dispatcher, which a peer-launched chaincode runs every proposal through: it builds the
// context and ClientIdentity, marshals the string arguments, and calls before/after transaction hooks.
declare module "fabric-shim/lib/contract-spi/chaincodefromcontract" {
  interface Response {
    status: number;
    message?: string;
    payload?: Uint8Array;
  }
  interface Serializers {
    transaction: string;
    serializers: Record<string, unknown>;
  }
  class ChaincodeFromContract {
    constructor(contracts: unknown[], serializers: Serializers, metadata: object, title: string, version: string);
    Invoke(stub: unknown): Promise<Response>;
  }
  export = ChaincodeFromContract;
}
